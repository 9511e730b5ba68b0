package io.terrarium.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one job as the scheduler sees it.
 *
 * @param lastRun      start of the last collection, or {@code null} before the first
 * @param lastDuration how long it took, or {@code null}
 * @param runs         collections that produced data since the job started
 * @param failures     failed collections in a row
 * @param rejected     records validation refused since the job started
 * @param penalty      seconds currently added to the job's interval
 * @param message      the last problem, or an empty string
 * @param sinks        the names of the sinks the job feeds; empty means every sink
 */
public record JobStatus(
        JobId id,
        JobKind kind,
        String name,
        String source,
        State state,
        int updateEvery,
        Instant lastRun,
        Duration lastDuration,
        long runs,
        long failures,
        long rejected,
        int penalty,
        String message,
        List<String> sinks) {

    public JobStatus {
        sinks = List.copyOf(sinks);
    }

    /** A status of a job that feeds every sink. */
    public JobStatus(JobId id, JobKind kind, String name, String source, State state, int updateEvery, Instant lastRun,
            Duration lastDuration, long runs, long failures, long rejected, int penalty, String message) {
        this(id, kind, name, source, state, updateEvery, lastRun, lastDuration, runs, failures, rejected, penalty,
                message, List.of());
    }

    public enum State {
        /** Waiting for its check. */
        CHECKING,
        /** Collecting on schedule. */
        RUNNING,
        /** Its check failed; re-checked every {@code autodetection_retry} seconds. */
        RETRYING,
        /** Another job of the same name passed its check first. */
        SKIPPED,
        /** Its check failed and it will not be retried, or it could not be started. */
        FAILED,
        /** Turned off by configuration or by an operator. */
        DISABLED
    }
}
