package io.terrarium.itests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads, as it streams, the Netdata output of jobs of the {@code stamp} test module (each value says which run of
 * its job it is and when it ran, {@code e2e/python.d/stamp.chart.py}). Checks the protocol is well formed as the
 * daemon needs it (a chart defined before its first BEGIN, a SET only for a dimension of its chart, blocks never
 * interleaved, no unknown line) and keeps, per job, the runs that arrived: so a test can tell what was dropped, that
 * each job's order held, and whether what arrives is current. Memory is per job and per second, not per line.
 *
 * <p>Lines come from the one thread reading stdout; the test thread reads the figures. All state is guarded by
 * "this".
 */
final class StampedOutput {

    /** One job's runs as they arrived. */
    static final class Job {
        long runs;
        long lastRun;
        /** Runs skipped between two that arrived: what was dropped on the way. */
        long missing;
        long outOfOrder;
        long lastEpoch;
    }

    private final Map<String, Set<String>> dimensions = new HashMap<>();
    private final Map<String, Job> jobs = new HashMap<>();
    /** Arrived values by the second they were collected in. */
    private final TreeMap<Long, Long> byEpoch = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private String definingChart;
    private String blockChart;
    private final Map<String, String> blockValues = new HashMap<>();
    private long lines;
    private boolean disabled;

    synchronized void accept(String line) {
        lines++;
        List<String> words = ProtocolBlocks.words(line);
        if (words.isEmpty()) {
            return;
        }
        String keyword = words.get(0);
        if (blockChart != null && !List.of("SET", "VARIABLE", "END").contains(keyword)) {
            problem("a " + keyword + " inside the block of " + blockChart + ": " + line);
        }
        switch (keyword) {
            case "CHART" -> {
                definingChart = words.get(1);
                dimensions.put(definingChart, new java.util.HashSet<>());
            }
            case "CLABEL", "CLABEL_COMMIT" -> {
                if (definingChart == null) {
                    problem(keyword + " outside a definition: " + line);
                }
            }
            case "DIMENSION" -> {
                if (definingChart == null) {
                    problem("DIMENSION outside a definition: " + line);
                } else {
                    dimensions.get(definingChart).add(words.get(1));
                }
            }
            case "BEGIN" -> {
                definingChart = null;
                blockChart = words.get(1);
                blockValues.clear();
                if (!dimensions.containsKey(blockChart)) {
                    problem("BEGIN of a chart never defined: " + line);
                }
            }
            case "SET" -> {
                if (blockChart == null) {
                    problem("SET outside a block: " + line);
                } else if (!dimensions.getOrDefault(blockChart, Set.of()).contains(words.get(1))) {
                    problem("SET of a dimension " + blockChart + " does not have: " + line);
                } else {
                    blockValues.put(words.get(1), words.get(2));
                }
            }
            case "VARIABLE" -> { }
            case "END" -> {
                if (blockChart == null) {
                    problem("END outside a block");
                } else {
                    ended(blockChart);
                }
                blockChart = null;
            }
            case "DISABLE" -> disabled = true;
            case "FUNCTION" -> { } // a function announced (Netdata Functions), between blocks
            default -> problem("not protocol: " + line);
        }
    }

    // Called with the lock held.
    private void ended(String chart) {
        if (!chart.startsWith("stamp_") || !chart.endsWith(".stamp")) {
            return;
        }
        String job = chart.substring("stamp_".length(), chart.length() - ".stamp".length());
        long run = Long.parseLong(blockValues.getOrDefault("run", "-1"));
        long epoch = Long.parseLong(blockValues.getOrDefault("epoch", "-1"));
        Job seen = jobs.computeIfAbsent(job, name -> new Job());
        if (run <= seen.lastRun) {
            seen.outOfOrder++;
        } else {
            // runs count from 1 for each job, so a first block after run 1 also says what went missing
            seen.missing += run - seen.lastRun - 1;
            seen.lastRun = run;
        }
        seen.runs++;
        seen.lastEpoch = Math.max(seen.lastEpoch, epoch);
        byEpoch.merge(epoch, 1L, Long::sum);
    }

    // Called with the lock held.
    private void problem(String text) {
        if (problems.size() < 20) {
            problems.add(text);
        }
    }

    /** Jobs with at least one value. */
    synchronized int jobs() {
        return jobs.size();
    }

    /** Jobs whose latest value was collected at {@code epoch} or later. */
    synchronized long jobsCurrentSince(long epoch) {
        return jobs.values().stream().filter(job -> job.lastEpoch >= epoch).count();
    }

    /** Runs that went missing between two that arrived, over all jobs. */
    synchronized long missing() {
        return jobs.values().stream().mapToLong(job -> job.missing).sum();
    }

    synchronized long outOfOrder() {
        return jobs.values().stream().mapToLong(job -> job.outOfOrder).sum();
    }

    synchronized long values() {
        return jobs.values().stream().mapToLong(job -> job.runs).sum();
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized boolean disabled() {
        return disabled;
    }

    synchronized long lines() {
        return lines;
    }

    /** How many values arrived, by the second they were collected in. */
    synchronized TreeMap<Long, Long> timeline() {
        return new TreeMap<>(byEpoch);
    }
}
