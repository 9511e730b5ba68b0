package io.terrarium.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/**
 * One sink's lane of the delivery stage: its {@link SinkQueue} and the one thread that hands the sink what waits
 * there, every result queued so far in one {@link Sink#deliver(List)} call, and "nothing to run" in its turn. A sink
 * that blocks holds this thread only; collection and the other sinks go on, and its queue drops its oldest. Results
 * the sink does not {@link Sink#accepts accept} are not queued, and the thread starts with the first thing queued: a
 * sink that takes nothing (a DataKit sink beside jobs that only draw charts) costs no thread.
 */
final class SinkFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SinkFeed.class);

    final Sink sink;
    final long serviceId;
    private volatile String name;
    /** Its {@link Sink#TYPE}, or "" without one: which validators for some sink types it goes through. */
    private volatile String type;
    private final SinkQueue queue;
    private final Thread thread;
    /** Epoch milliseconds at which the call to the sink in progress began, 0 between calls; written by the thread. */
    private volatile long busySince;
    /** Set by the offer that starts dropping, cleared by the thread once the sink caught up: one log line for each. */
    private final AtomicBoolean overflowing = new AtomicBoolean();
    /** Set by the first {@link Sink#accepts} that throws: one log line for it. */
    private final AtomicBoolean acceptsFailed = new AtomicBoolean();
    // Guarded by "this"; started is also read without the lock, once it is true it stays so.
    private volatile boolean started;
    private boolean closed;

    SinkFeed(Sink sink, String name, String type, long serviceId, int bound) {
        this.sink = sink;
        this.name = name;
        this.type = type;
        this.serviceId = serviceId;
        this.queue = new SinkQueue(bound);
        this.thread = new Thread(this::run, "terrarium-delivery-" + name);
        thread.setDaemon(true);
    }

    /** Starts the thread unless it runs or the feed is closed; called after something was queued. */
    private void startOnce() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started && !closed) {
                started = true;
                thread.start();
            }
        }
    }

    String name() {
        return name;
    }

    String type() {
        return type;
    }

    /** Queues the result if the sink accepts it. Never blocks. */
    void offer(CollectionResult result) {
        if (!accepts(result)) {
            return;
        }
        if (!queue.offer(result) && overflowing.compareAndSet(false, true)) {
            LOG.warn("sink {}: not keeping up, its queue of {} results is full: dropping the oldest (terrarium:sinks"
                    + " counts them)", name, queue.bound());
        }
        startOnce();
    }

    /** A sink whose {@code accepts} fails is handed the result: its {@code deliver} has the last word. */
    private boolean accepts(CollectionResult result) {
        try {
            return sink.accepts(result);
        } catch (RuntimeException | LinkageError e) {
            if (acceptsFailed.compareAndSet(false, true)) {
                LOG.error("sink {}: accepts() failed, so it is handed every result: {}", name, e.toString());
            }
            return true;
        }
    }

    /** Never blocks; the sink hears it after everything queued before. */
    void nothingToRun() {
        queue.offerNothingToRun();
        startOnce();
    }

    /** New service properties: the name jobs know it by, the bound of its queue. */
    void update(String newName, String newType, int bound) {
        name = newName;
        type = newType;
        thread.setName("terrarium-delivery-" + newName);
        queue.bound(bound);
    }

    /** Takes nothing more; the thread delivers what is queued, then ends. */
    void close() {
        synchronized (this) {
            closed = true;
            if (!started && queue.queued() > 0) {
                // queued by an offer that has not started the thread yet: it is delivered like the rest
                started = true;
                thread.start();
            }
        }
        queue.close();
    }

    /**
     * Waits for the thread to end, until {@code deadlineNanos} ({@link System#nanoTime()}); past it, discards what
     * is still queued and interrupts the thread, which then ends as soon as the sink returns. True when it ended.
     */
    boolean awaitEnd(long deadlineNanos) {
        if (Thread.currentThread() != thread) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!thread.isAlive()) {
            return true;
        }
        int discarded = queue.discard();
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            LOG.warn("sink {}: still busy when it went away; {} queued result(s) discarded, its delivery thread ends"
                    + " when the sink returns", name, discarded);
        }
        return false;
    }

    boolean ended() {
        return !thread.isAlive();
    }

    DeliveryQueueStatus status() {
        long since = busySince;
        return new DeliveryQueueStatus(serviceId, name, queue.bound(), queue.queued(), queue.dropped(),
                since == 0 ? null : Instant.ofEpochMilli(since));
    }

    private void run() {
        try {
            List<Object> batch;
            while ((batch = queue.takeAll()) != null) {
                hand(batch);
                if (overflowing.get() && queue.queued() < queue.bound() / 2) {
                    overflowing.set(false);
                    LOG.info("sink {}: caught up; {} result(s) dropped in all", name, queue.dropped());
                }
            }
        } catch (InterruptedException e) {
            // told to end
        }
    }

    /** Results in runs between "nothing to run" marks, each run in one call. */
    private void hand(List<Object> batch) {
        List<CollectionResult> results = new ArrayList<>(batch.size());
        for (Object item : batch) {
            if (item instanceof CollectionResult result) {
                results.add(result);
            } else {
                deliver(results);
                results = new ArrayList<>();
                call("nothing to run", sink::nothingToRun);
            }
        }
        deliver(results);
    }

    private void deliver(List<CollectionResult> results) {
        if (!results.isEmpty()) {
            List<CollectionResult> view = Collections.unmodifiableList(results);
            call(results.size() + " result(s)", () -> sink.deliver(view));
        }
    }

    private void call(String what, Runnable call) {
        busySince = System.currentTimeMillis();
        try {
            call.run();
        } catch (RuntimeException | LinkageError e) {
            // one bad delivery must not end the lane
            LOG.error("sink {}: failed to take {}: {}", name, what, e.toString());
        } finally {
            busySince = 0;
        }
    }
}
