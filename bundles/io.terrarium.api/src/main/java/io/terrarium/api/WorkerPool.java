package io.terrarium.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.terrarium.api.data.Collected;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs jobs in Python worker processes. Every method returns at once; the future completes when the
 * worker answers, or exceptionally when it does not answer within the timeout (the worker is then killed
 * with its process tree and restarted, and the jobs it held are loaded again), when the worker dies, or
 * with {@link JobLostException} when the worker no longer holds the job.
 *
 * <p>Thread-safe. Calls for one job must not overlap: the caller waits for one to complete before the next.
 */
@ProviderType
public interface WorkerPool {

    /** Loads the job's module, constructs the job and runs its check. */
    CompletableFuture<CheckOutcome> check(JobDefinition job, Duration timeout);

    /** Creates the charts of a job whose check passed. */
    CompletableFuture<Void> create(JobId job, Duration timeout);

    /**
     * Runs one collection.
     *
     * @param intervalMicros microseconds since the job's previous successful collection, 0 for none
     */
    CompletableFuture<Collected> collect(JobId job, long intervalMicros, Duration timeout);

    /** Forgets the job; a worker left without jobs is stopped. */
    void release(JobId job);

    /** The worker processes, sorted by group. */
    List<WorkerStatus> workers();

    /** What the job's module logged lately (its worker's log lines naming it), oldest first. */
    default List<LogLine> recentLog(JobId job) {
        return List.of();
    }
}
