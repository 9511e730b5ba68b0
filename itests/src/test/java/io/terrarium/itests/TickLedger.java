package io.terrarium.itests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.JobId;
import io.terrarium.api.Sink;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.CollectionResult;

/**
 * A sink that stays: it records when each job delivered and what, so a test can tell whether a job kept every tick
 * while other things (bundles, sinks) came and went. Thread-safe.
 */
final class TickLedger implements Sink {

    private final Map<JobId, List<CollectionResult>> byJob = new ConcurrentHashMap<>();

    @Override
    public void deliver(CollectionResult result) {
        byJob.computeIfAbsent(result.job(), id -> new CopyOnWriteArrayList<>()).add(result);
    }

    List<CollectionResult> of(JobId job) {
        return byJob.getOrDefault(job, List.of());
    }

    /** Results that carried values (not only retired charts). */
    List<CollectionResult> runs(JobId job) {
        return of(job).stream().filter(result -> !result.charts().isEmpty()).toList();
    }

    List<Chart> retired(JobId job) {
        List<Chart> retired = new ArrayList<>();
        of(job).forEach(result -> retired.addAll(result.retired()));
        return retired;
    }

    /**
     * The problems with the job's ticks between {@code from} and {@code to}: a gap between two runs longer than
     * {@code maxGap}, or no run within {@code maxGap} of either end. Empty when it kept every tick.
     */
    List<String> gaps(JobId job, Instant from, Instant to, Duration maxGap) {
        List<Instant> times = runs(job).stream().map(CollectionResult::time)
                .filter(time -> !time.isBefore(from.minus(maxGap)) && !time.isAfter(to.plus(maxGap))).toList();
        List<String> problems = new ArrayList<>();
        Instant previous = from;
        for (Instant time : times) {
            if (Duration.between(previous, time).compareTo(maxGap) > 0) {
                problems.add(job + ": nothing between " + previous + " and " + time);
            }
            previous = time.isAfter(previous) ? time : previous;
        }
        if (Duration.between(previous, to).compareTo(maxGap) > 0) {
            problems.add(job + ": nothing between " + previous + " and " + to);
        }
        return problems;
    }
}
