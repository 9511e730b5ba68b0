package io.terrarium.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;
import io.terrarium.api.data.Collected;

/** A worker pool that only reports workers: the shell never runs jobs through it. */
final class TestWorkerPool implements WorkerPool {

    final List<WorkerStatus> workers = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<CheckOutcome> check(JobDefinition job, Duration timeout) {
        throw new UnsupportedOperationException("the shell does not check jobs");
    }

    @Override
    public CompletableFuture<Void> create(JobId job, Duration timeout) {
        throw new UnsupportedOperationException("the shell does not create charts");
    }

    @Override
    public CompletableFuture<Collected> collect(JobId job, long intervalMicros, Duration timeout) {
        throw new UnsupportedOperationException("the shell does not collect");
    }

    @Override
    public void release(JobId job) {
        throw new UnsupportedOperationException("the shell does not release jobs");
    }

    @Override
    public List<WorkerStatus> workers() {
        return List.copyOf(workers);
    }
}
