package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.LogLine;
import io.terrarium.api.RunOnce;

/**
 * A scheduler's view in memory: the jobs it is given, disable and enable as the contract says (they change the job's
 * state), run-once answered by a function, log lines per job. Unknown jobs throw, as the contract says.
 */
class TestJobControl implements JobControl {

    // All access must be guarded by "this".
    private final List<JobStatus> jobs = new ArrayList<>();
    private final Map<JobId, List<LogLine>> logs = new ConcurrentHashMap<>();
    volatile Function<JobId, CompletableFuture<RunOnce>> runOnce =
            id -> CompletableFuture.failedFuture(new IllegalStateException("no run-once result given"));

    synchronized TestJobControl add(JobStatus... statuses) {
        jobs.addAll(List.of(statuses));
        return this;
    }

    void log(JobId job, LogLine... lines) {
        logs.computeIfAbsent(job, id -> new ArrayList<>()).addAll(List.of(lines));
    }

    synchronized JobStatus status(JobId id) {
        return jobs.stream().filter(job -> job.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown job " + id));
    }

    @Override
    public synchronized List<JobStatus> jobs() {
        return jobs.stream().sorted(Comparator.comparing(JobStatus::id)).toList();
    }

    @Override
    public synchronized boolean disable(JobId job) {
        JobStatus status = status(job);
        if (status.state() == JobStatus.State.DISABLED) {
            return false;
        }
        replace(status, JobStatus.State.DISABLED);
        return true;
    }

    @Override
    public synchronized boolean enable(JobId job) {
        JobStatus status = status(job);
        if (status.state() != JobStatus.State.DISABLED) {
            return false;
        }
        replace(status, JobStatus.State.CHECKING);
        return true;
    }

    @Override
    public CompletableFuture<RunOnce> runOnce(JobId job) {
        status(job);
        return runOnce.apply(job);
    }

    @Override
    public List<LogLine> recentLog(JobId job) {
        status(job);
        return List.copyOf(logs.getOrDefault(job, List.of()));
    }

    private void replace(JobStatus old, JobStatus.State state) {
        jobs.set(jobs.indexOf(old), new JobStatus(old.id(), old.kind(), old.name(), old.source(), state,
                old.updateEvery(), old.lastRun(), old.lastDuration(), old.runs(), old.failures(), old.rejected(),
                old.penalty(), old.message(), old.sinks()));
    }
}
