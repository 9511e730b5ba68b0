package io.terrarium.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.terrarium.api.data.CollectionResult;

/**
 * What waits for one sink: results and "nothing to run" marks, first in, first out, at most {@code bound} results.
 * Offering never blocks: a full queue drops its oldest result to make room (one that retires charts only when
 * nothing else is left), so that a sink that was stuck gets what is current; every drop is counted. Marks are
 * never dropped, and one right after another is kept once, so they stay fewer than the results.
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

    private final ArrayDeque<Object> items = new ArrayDeque<>();
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
        items.addLast(result);
        results++;
        notifyAll();
        return room;
    }

    synchronized void offerNothingToRun() {
        if (!closed && items.peekLast() != NOTHING_TO_RUN) {
            items.addLast(NOTHING_TO_RUN);
            notifyAll();
        }
    }

    /**
     * Everything queued, in order ({@link CollectionResult}s and {@link #NOTHING_TO_RUN}), waiting until there is
     * something; after {@link #close()}, what is left, then {@code null}.
     */
    synchronized List<Object> takeAll() throws InterruptedException {
        while (items.isEmpty() && !closed) {
            wait();
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
