package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Netdata stops reading the plugin's stdout for 30 s, then reads again (issue 9's done-criterion), with {@link #JOBS}
 * jobs of the cheap {@code stamp} module, each of whose values says which run it is and when it ran. During the stall
 * the JVM's threads and RSS stay within their bounds, collection and the other sink go on, and the shell answers;
 * afterwards the output is well formed, every job's order held, what arrives is current, and the Netdata sink's
 * OVERFLOW in {@code terrarium:sinks} is exactly the runs missing from the output. The figures are printed for the
 * record.
 */
class StalledNetdataReaderIT {

    /**
     * Jobs of the stall. The issue asks for 1000; that many run here today, but their checks take a while on two
     * shared cores. Raise it as jobs get cheaper: every bound below follows it.
     */
    static final int JOBS = 1000;
    static final int STALL_SECONDS = 30;
    /** The other sink, which must keep receiving while the Netdata sink is stuck; its row comes before netdata's. */
    static final String WITNESS = "archive";
    /** The Netdata sink's queue in this test: five ticks of every job, so that the stall overflows it. */
    static final int QUEUE = 5 * JOBS;
    /**
     * Threads the JVM may add to its steady peak while Netdata does not read, outside the runner's pool (before this
     * stage, a stall parked one runner thread per job: 1,037 threads for 1000 jobs).
     */
    static final int THREAD_MARGIN = 16;
    /**
     * The runner's own pool is elastic (a cached pool that follows the load, being made bounded elsewhere): it may
     * differ from its steady peak by this much more, far below one thread per job.
     */
    static final int RUNNER_POOL_MARGIN = JOBS / 10;
    /** Resident memory the JVM may add to its steady peak while Netdata does not read: the full queue and slack. */
    static final long RSS_MARGIN_BYTES = 32L << 20;

    @TempDir
    Path temp;

    @Test
    void aStalledReaderHoldsUpNothingAndThenGetsCurrentWellFormedOutputWithEveryDropCounted() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/stamp.chart.py", "stamp").moduleConf("stamp", jobs());
        queueOfTheNetdataSink(QUEUE);
        int port = freePort();
        Map<String, String> environment = new HashMap<>(layout.environment());
        environment.put("TERRARIUM_SHELL_PORT", String.valueOf(port));
        // no runtime charts: half the output, the same stall
        environment.put("NETDATA_INTERNALS_MONITORING", "NO");
        StampedOutput output = new StampedOutput();
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                environment, null, output::accept)) {
            Await.until("every job's values", 180_000, () -> output.jobs() == JOBS
                    && output.jobsCurrentSince(epochNow() - 2) == JOBS, () -> output.jobs() + " jobs so far; "
                    + "current: " + output.jobsCurrentSince(epochNow() - 2) + "\nstderr: "
                    + PluginProcess.tail(plugin.stderr));
            // the other sink: a file sink made from the shell (the DataKit sink takes no chart-only results)
            Path witnessFile = temp.resolve(WITNESS + ".jsonl");
            String created = String.join("\n", TelnetShell.ask(port, "terrarium:sink-create file " + WITNESS
                    + " path=" + witnessFile, line -> line.contains("created sink ") || line.contains("sink-create")));
            assertTrue(created.contains("created sink " + WITNESS), created);
            Await.until("the file sink receives", 30_000, () -> {
                try {
                    String received = TelnetShell.row(sinks(port), "NAME", WITNESS).getOrDefault("RECEIVED", "");
                    return received.matches("\\d+") && Long.parseLong(received) > JOBS; // a row, then a count
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long overflowBefore = overflow(sinks(port));
            runs(port);
            Usage steady = Usage.peakOver(plugin.pid(), 10_000);

            plugin.pauseStdout();
            long stallStart = epochNow();
            long runsAtStart = runs(port);
            long witnessAtStart = received(sinks(port), WITNESS);
            // nothing may come out while Netdata does not read: waiting is the point here
            Usage stalled = Usage.peakOver(plugin.pid(), (STALL_SECONDS - 2) * 1000L);
            List<String> duringStall = sinks(port);
            long runsAtEnd = runs(port);
            long witnessAtEnd = received(duringStall, WITNESS);
            plugin.resumeStdout();
            long resumed = epochNow();

            System.err.println("StalledNetdataReaderIT: " + JOBS + " jobs; steady " + steady + "; during the "
                    + STALL_SECONDS + " s stall " + stalled + "; sinks at its end:\n"
                    + String.join("\n", duringStall));
            assertTrue(stalled.outsideRunnerPool() <= steady.outsideRunnerPool() + THREAD_MARGIN,
                    "threads outside the runner's pool: steady " + steady.outsideRunnerPool() + ", stalled "
                            + stalled.outsideRunnerPool());
            assertTrue(stalled.threads() <= steady.threads() + THREAD_MARGIN + RUNNER_POOL_MARGIN,
                    "threads: steady " + steady.threads() + ", stalled " + stalled.threads());
            assertTrue(stalled.rssBytes() <= steady.rssBytes() + RSS_MARGIN_BYTES,
                    "RSS: steady " + steady + ", stalled " + stalled);
            assertTrue(runsAtEnd - runsAtStart >= STALL_SECONDS - 6, "collection went on: runs of stamp/j0001 from "
                    + runsAtStart + " to " + runsAtEnd);
            assertTrue(witnessAtEnd - witnessAtStart >= (STALL_SECONDS - 6L) * JOBS,
                    "the other sink kept receiving: from " + witnessAtStart + " to " + witnessAtEnd);
            Map<String, String> netdata = TelnetShell.row(duringStall, "NAME", "netdata");
            assertEquals(QUEUE + "/" + QUEUE, netdata.get("BACKLOG"), "the queue is full, and no fuller");
            assertTrue(Long.parseLong(netdata.get("OVERFLOW")) > overflowBefore, "it overflowed: " + netdata);
            assertFalse(netdata.get("BUSY").equals("-"), "the sink shows as stuck: " + netdata);

            Await.until("current values of every job after the stall", 60_000,
                    () -> output.jobsCurrentSince(resumed) == JOBS,
                    () -> output.jobsCurrentSince(resumed) + " of " + JOBS + " current");
            Await.until("the queue drained", 30_000, () -> backlog(port) < JOBS);
            long overflow = overflow(sinks(port));
            Await.until("every value up to now read", 30_000, () -> output.missing() == overflow(port),
                    () -> "missing from the output " + output.missing() + ", overflow " + overflowOrMinusOne(port));

            TreeMap<Long, Long> timeline = output.timeline();
            System.err.println("StalledNetdataReaderIT: after the stall: overflow " + overflow + " results (before it "
                    + overflowBefore + "), " + output.values() + " values read in " + output.lines() + " lines; values"
                    + " by second of collection (stall " + stallStart + ".." + resumed + "): " + timeline);
            assertEquals(List.of(), output.problems(), "well formed");
            assertFalse(output.disabled());
            assertEquals(0, output.outOfOrder(), "each job's values in the order collected");
            assertTrue(overflow > overflowBefore, "it dropped: " + overflow);

            // Oldest first. What was read falls in two spans of seconds: from before the stall to what the pipe held
            // when it filled, then, after one gap, the newest QUEUE / JOBS seconds before the resume (what waited in
            // the full queue) and on.
            List<long[]> spans = spans(timeline);
            assertEquals(2, spans.size(), "one gap, where the queue dropped: " + timeline);
            long keptFrom = spans.get(1)[0];
            long kept = QUEUE / JOBS;
            assertTrue(keptFrom >= resumed - kept - 2 && keptFrom <= resumed - kept + 2,
                    "the newest " + kept + " s before the resume " + resumed + " were kept: " + timeline);
            assertTrue(spans.get(0)[1] >= stallStart - 1, "everything up to the stall was read: " + timeline);
        }
    }

    /** Runs of consecutive seconds that have values, as {first, last}. */
    private static List<long[]> spans(TreeMap<Long, Long> timeline) {
        List<long[]> spans = new ArrayList<>();
        for (long second : timeline.keySet()) {
            if (!spans.isEmpty() && spans.get(spans.size() - 1)[1] == second - 1) {
                spans.get(spans.size() - 1)[1] = second;
            } else {
                spans.add(new long[] {second, second});
            }
        }
        return spans;
    }

    /** One job per section, as many as {@link #JOBS}. */
    private static String jobs() {
        StringBuilder yaml = new StringBuilder("update_every: 1\n");
        for (int job = 1; job <= JOBS; job++) {
            yaml.append(String.format("j%04d:\n  name: j%04d\n", job, job));
        }
        return yaml.toString();
    }

    /** The Netdata sink's configuration, where ConfigAdmin keeps it in plugin mode (NETDATA_LIB_DIR). */
    private void queueOfTheNetdataSink(int bound) throws IOException {
        Path file = temp.resolve("lib/terrarium-configadmin/io/terrarium/sink/netdata.config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "service.pid=\"io.terrarium.sink.netdata\"\nterrarium.sink.queue=I\"" + bound
                + "\"\n");
    }

    /** The sinks table, in name order: the Netdata sink's row comes last. */
    private static List<String> sinks(int port) throws IOException {
        return TelnetShell.ask(port, "terrarium:sinks", line -> line.startsWith("netdata "));
    }

    private static long overflow(List<String> sinks) {
        return Long.parseLong(TelnetShell.row(sinks, "NAME", "netdata").get("OVERFLOW"));
    }

    private static long overflow(int port) {
        try {
            return overflow(sinks(port));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String overflowOrMinusOne(int port) {
        try {
            return String.valueOf(overflow(sinks(port)));
        } catch (RuntimeException | IOException e) {
            return e.toString();
        }
    }

    private static long backlog(int port) {
        try {
            return Long.parseLong(TelnetShell.row(sinks(port), "NAME", "netdata").get("BACKLOG").split("/")[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long received(List<String> sinks, String sink) {
        return Long.parseLong(TelnetShell.row(sinks, "NAME", sink).get("RECEIVED"));
    }

    /** RUNS of the first job, from the scheduler (not from the output, which is not read meanwhile). */
    private static long runs(int port) throws IOException {
        List<String> answer = TelnetShell.ask(port, "terrarium:jobs stamp/j0001", line -> line.startsWith("stamp "));
        return Long.parseLong(TelnetShell.row(answer, "MODULE", "stamp").get("RUNS"));
    }

    private static long epochNow() {
        return System.currentTimeMillis() / 1000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The peak thread count and resident memory of one process over a while, sampled every 250 ms, with its threads
     * by name (without numbers) at the peak.
     */
    record Usage(int threads, int outsideRunnerPool, long rssBytes, int samples, Map<String, Integer> names) {

        static Usage peakOver(long pid, long millis) throws IOException, InterruptedException {
            int threads = 0;
            int outside = 0;
            long rss = 0;
            int samples = 0;
            Map<String, Integer> names = Map.of();
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                List<Path> tasks;
                try (var list = Files.list(Path.of("/proc/" + pid + "/task"))) {
                    tasks = list.toList();
                }
                Map<String, Integer> now = names(tasks);
                if (tasks.size() > threads) {
                    threads = tasks.size();
                    names = now;
                }
                // threads that ended while being counted were the pool's shrinking, most likely: not counted here
                outside = Math.max(outside, now.entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("terrarium-runne") && !e.getKey().equals("(ended)"))
                        .mapToInt(Map.Entry::getValue).sum());
                rss = Math.max(rss, rssBytes(pid));
                samples++;
                Thread.sleep(250);
            }
            return new Usage(threads, outside, rss, samples, names);
        }

        /** Thread names as Linux has them ({@code comm}, 15 characters), digits dropped, counted. */
        private static Map<String, Integer> names(List<Path> tasks) {
            Map<String, Integer> names = new TreeMap<>();
            for (Path task : tasks) {
                try {
                    names.merge(Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#"), 1,
                            Integer::sum);
                } catch (IOException gone) {
                    names.merge("(ended)", 1, Integer::sum);
                }
            }
            return names;
        }

        private static long rssBytes(long pid) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IOException("no VmRSS for " + pid);
        }

        @Override
        public String toString() {
            return threads + " threads (" + outsideRunnerPool + " outside the runner's pool), RSS " + (rssBytes >> 20)
                    + " MiB at most (" + samples + " samples; threads at the peak " + names + ")";
        }
    }
}
