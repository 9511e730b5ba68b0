package io.terrarium.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The scheduler's view of the jobs it runs, and the operator's levers on them, for the shell and for tests.
 * Thread-safe. Methods naming a job throw {@link IllegalArgumentException} when the scheduler does not know it.
 */
@ProviderType
public interface JobControl {

    /** Every job the scheduler knows of, sorted by id. */
    List<JobStatus> jobs();

    /**
     * Stops a job until {@link #enable} (its charts are announced obsolete, its worker ends if nothing else uses
     * it). It stays disabled when its source redefines it, until the container restarts.
     *
     * @return false when it was already disabled by an operator
     */
    boolean disable(JobId job);

    /**
     * Starts a job an operator disabled, from its check; also re-checks a job that failed for good.
     *
     * @return false when there was nothing to do (it runs, or is being checked)
     */
    boolean enable(JobId job);

    /**
     * Collects the job once now, outside its schedule, and validates the result, delivering it to no sink. A
     * running job's collection waits for the one in flight; a job that is not running is checked, collected
     * and released again. Completes exceptionally when the check or the collection fails.
     */
    CompletableFuture<RunOnce> runOnce(JobId job);

    /** The job's recent log lines, from its module and from the scheduler, oldest first. */
    List<LogLine> recentLog(JobId job);
}
