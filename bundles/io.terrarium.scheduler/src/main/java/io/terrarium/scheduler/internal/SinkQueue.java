package io.terrarium.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.terrarium.api.data.CollectionResult;

/**
 * What waits for one sink: results and "nothing to run" marks, first in, first out, at most {@code bound} results.
 * Offering never blocks: a full queue drops its oldest result to make room (one that retires charts only when
 * nothing else is left), so that a sink that was stuck gets what is current; every drop is counted. Marks are
 * never dropped, and one right after another is kept once, so they stay fewer than the results. The taker gathers
 * what arrives together (the replies of one tick come over milliseconds, one job after another): it waits until
 * results stop coming for {@link #GATHER_QUIET_NANOS}, at most {@link #GATHER_AT_MOST_NANOS}, so a sink writes a
 * tick in a few calls rather than one per job.
 *
 * <p>Thread-safe: any thread offers; one thread (the sink's delivery thread) takes. All state is guarded by
 * "this".
 */
final class SinkQueue {

    /** Stands for {@link io.terrarium.api.Sink#nothingToRun()} in the queue. */
    static final Object NOTHING_TO_RUN = new Object() {
        @Override
        public String toString() {
            return "nothing to run";
        }
    };

    /** The gathering ends when nothing was offered for this long... */
    static final long GATHER_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** ...or this long after it began: the most a result waits for others. */
    static final long GATHER_AT_MOST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private long lastOfferNanos;
    private int bound;
    private int results;
    private long dropped;
    private boolean closed;

    SinkQueue(int bound) {
        this.bound = Math.max(1, bound);
    }

    /** Queues a result, dropping the oldest when full; returns false when something was dropped. */
    synchronized boolean offer(CollectionResult result) {
        if (closed) {
            dropped++;
            return false;
        }
        boolean room = results < bound;
        while (results >= bound) {
            dropOldest();
        }
        boolean wasEmpty = items.isEmpty();
        items.addLast(result);
        results++;
        lastOfferNanos = System.nanoTime();
        if (wasEmpty || results == bound) {
            // wake the taker: to start gathering, or to stop it (a full queue is better delivered than dropped)
            notifyAll();
        }
        return room;
    }

    synchronized void offerNothingToRun() {
        if (!closed && items.peekLast() != NOTHING_TO_RUN) {
            items.addLast(NOTHING_TO_RUN);
            lastOfferNanos = System.nanoTime();
            notifyAll();
        }
    }

    /**
     * Everything queued, in order ({@link CollectionResult}s and {@link #NOTHING_TO_RUN}), waiting until there is
     * something and gathering what comes with it; after {@link #close()}, what is left at once, then {@code null}.
     */
    synchronized List<Object> takeAll() throws InterruptedException {
        while (items.isEmpty() && !closed) {
            wait();
        }
        long gatheringEnds = System.nanoTime() + GATHER_AT_MOST_NANOS;
        while (!closed && results < bound) {
            long until = Math.min(lastOfferNanos + GATHER_QUIET_NANOS, gatheringEnds);
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (items.isEmpty()) {
            return null;
        }
        List<Object> all = new ArrayList<>(items);
        items.clear();
        results = 0;
        return all;
    }

    /** Takes no more: what is offered from now on is dropped; {@link #takeAll()} returns what is left, then null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Drops everything queued; returns how many results that was. */
    synchronized int discard() {
        int discarded = results;
        dropped += discarded;
        items.clear();
        results = 0;
        return discarded;
    }

    /** Changes the bound; a queue above the new bound drops its oldest results at once. */
    synchronized void bound(int newBound) {
        bound = Math.max(1, newBound);
        while (results > bound) {
            dropOldest();
        }
    }

    synchronized int bound() {
        return bound;
    }

    synchronized int queued() {
        return results;
    }

    synchronized long dropped() {
        return dropped;
    }

    // Called with the lock held, with at least one result queued.
    private void dropOldest() {
        if (!removeOldest(true)) {
            // only results that retire charts are left: the oldest of them goes
            removeOldest(false);
        }
        results--;
        dropped++;
    }

    private boolean removeOldest(boolean valuesOnly) {
        for (Iterator<Object> oldestFirst = items.iterator(); oldestFirst.hasNext();) {
            if (oldestFirst.next() instanceof CollectionResult result && (!valuesOnly || result.retired().isEmpty())) {
                oldestFirst.remove();
                return true;
            }
        }
        return false;
    }
}
