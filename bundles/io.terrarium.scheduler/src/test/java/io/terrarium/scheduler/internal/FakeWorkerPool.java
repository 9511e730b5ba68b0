package io.terrarium.scheduler.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobSettings;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;
import io.terrarium.api.data.Collected;

/**
 * A pool whose every job passes its check and collects its run number ({@link Results#update}) at once. Replies
 * complete on one thread of its own, as the runner's replies complete on the runner's threads: a delivery that
 * blocked there would hold every later reply.
 */
final class FakeWorkerPool implements WorkerPool {

    final ExecutorService replies = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-runner");
        thread.setDaemon(true);
        return thread;
    });
    final Map<JobId, AtomicLong> collections = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<CheckOutcome> check(JobDefinition job, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> new CheckOutcome(true, new JobSettings(1, 1000, 0, 0, true),
                job.id().module() + "_" + job.id().job(), ""), replies);
    }

    @Override
    public CompletableFuture<Void> create(JobId job, Duration timeout) {
        return CompletableFuture.runAsync(() -> { }, replies);
    }

    @Override
    public CompletableFuture<Collected> collect(JobId job, long intervalMicros, Duration timeout) {
        long run = collections.computeIfAbsent(job, id -> new AtomicLong()).incrementAndGet();
        return CompletableFuture.supplyAsync(() -> new Collected(true, List.of(Results.update(job, run)), List.of(),
                List.of()), replies);
    }

    long collections(String job) {
        AtomicLong count = collections.get(JobId.parse(job));
        return count == null ? 0 : count.get();
    }

    @Override
    public void release(JobId job) {
    }

    @Override
    public List<WorkerStatus> workers() {
        return List.of();
    }
}
