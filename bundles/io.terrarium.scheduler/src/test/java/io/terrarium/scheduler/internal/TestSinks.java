package io.terrarium.scheduler.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/** Sinks for the tests: one that records, one that blocks. */
final class TestSinks {

    private TestSinks() {
    }

    /** Keeps every call: what it received, in which batches, on which thread, and where nothingToRun came. */
    static class Recording implements Sink {
        final List<CollectionResult> received = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        /** "results:<n>" or "nothingToRun", in call order. */
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(CollectionResult result) {
            throw new AssertionError("the stage hands over lists");
        }

        @Override
        public void deliver(List<CollectionResult> results) {
            threads.add(Thread.currentThread().getName());
            batches.add(results.size());
            calls.add("results:" + results.size());
            received.addAll(results);
        }

        @Override
        public void nothingToRun() {
            threads.add(Thread.currentThread().getName());
            calls.add("nothingToRun");
        }

        /** The run numbers it received for the job, in order. */
        List<Long> runsOf(String job) {
            return received.stream().filter(r -> r.job().toString().equals(job)).map(Results::run).toList();
        }
    }

    /**
     * Blocks in its first delivery until {@link #release()}, as a write to a pipe nobody reads does: an interrupt
     * does not end the wait unless {@code interruptible}.
     */
    static class Blocking extends Recording {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final boolean interruptible;
        volatile boolean interrupted;

        Blocking(boolean interruptible) {
            this.interruptible = interruptible;
        }

        @Override
        public void deliver(List<CollectionResult> results) {
            super.deliver(results);
            entered.countDown();
            while (released.getCount() > 0) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (interruptible) {
                        return;
                    }
                }
            }
        }

        void release() {
            released.countDown();
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the sink was never called");
            }
        }
    }
}
