package io.terrarium.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSettings;
import io.terrarium.api.JobStatus;
import io.terrarium.api.JobStatus.State;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;

/** One job's schedule and bookkeeping. All mutable state is guarded by the instance's monitor. */
final class ScheduledJob {

    final JobDefinition definition;
    final String source;

    State state = State.CHECKING;
    JobSettings settings;
    String fullName;
    /** Collections that produced data. */
    long runs;
    /** Failed collections in a row (python.d's retries). */
    int failures;
    /** Records validation refused. */
    long rejected;
    /** Per kind of rejection (category and rule): when it was last logged, and how many were not logged since. */
    final Map<String, long[]> rejectionLog = new java.util.HashMap<>();
    /** Seconds added to the interval (python.d's penalty). */
    int penalty;
    /** Wall-clock microseconds of the start of the last successful run, 0 before the first. */
    long previousSuccessMicros;
    /** Wall-clock microseconds and length of the last run (-1 before it): numbers, not an Instant and a Duration
     * made anew every tick and kept for a second (thousands of jobs' worth of them reached the heap's old generation). */
    long lastRunMicros = -1;
    long lastDurationMillis = -1;
    String message = "";
    ScheduledFuture<?> next;
    boolean stopped;
    /** Recovery re-checks left for a job that was active before a restart; -1 until its first check fails. */
    int recoveryChecksLeft = -1;
    /** The latest definition of each chart the job has produced, to retire them when it stops. */
    final Map<String, Chart> charts = new LinkedHashMap<>(4);
    /** Ends a call's stage as {@link #lastCollect}: neither its value nor its failure is kept. */
    static final java.util.function.BiFunction<Object, Throwable, Void> OVER = (value, error) -> null;

    /**
     * When the job's last call to the pool that collects (a scheduled run or a run on demand) is over; the next
     * one waits for it, as the pool requires, and a stop waits for it so what it collects still reaches the sinks.
     * It never fails and holds no value: what a tick collected is not kept for a second, which would carry every
     * job's last results into the old generation of the heap.
     */
    CompletableFuture<Void> lastCollect = CompletableFuture.completedFuture(null);
    /** Set when the job was stopped during a collection: how to finish the stop once it completes. */
    Boolean retireWhenCollected;
    /** What the scheduler said about this job lately (shared with the job that replaces it). */
    final JobEvents events;

    ScheduledJob(JobDefinition definition, String source) {
        this(definition, source, new JobEvents());
    }

    ScheduledJob(JobDefinition definition, String source, JobEvents events) {
        this.definition = definition;
        this.source = source;
        this.events = events;
    }

    /** Jobs of one module with the same name are alternatives: the first whose check passes runs. */
    String exclusivityKey() {
        return definition.id().module() + "\u0000" + definition.name();
    }

    synchronized void remember(List<ChartUpdate> updates, List<Chart> retired) {
        for (ChartUpdate update : updates) {
            charts.put(update.chart().id(), update.chart());
        }
        for (Chart chart : retired) {
            charts.put(chart.id(), chart);
        }
    }

    synchronized JobStatus status() {
        return new JobStatus(definition.id(), definition.kind(), definition.name(), source, state,
                settings == null ? 0 : settings.updateEvery(),
                lastRunMicros < 0 ? null : Instant.EPOCH.plus(lastRunMicros, java.time.temporal.ChronoUnit.MICROS),
                lastDurationMillis < 0 ? null : Duration.ofMillis(lastDurationMillis), runs, failures, rejected, penalty,
                message, definition.sinks());
    }

    synchronized boolean isActive() {
        return !stopped && (state == State.CHECKING || state == State.RUNNING || state == State.RETRYING);
    }
}
