package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.terrarium.api.data.CollectionResult;

class SinkQueueTest {

    @Test
    void aFullQueueDropsItsOldestResultsAndCountsEveryDrop() throws Exception {
        SinkQueue queue = new SinkQueue(3);
        for (int run = 1; run <= 3; run++) {
            assertTrue(queue.offer(Results.values("m/a", run)));
        }
        assertFalse(queue.offer(Results.values("m/a", 4)), "full: something was dropped");
        assertFalse(queue.offer(Results.values("m/a", 5)));
        assertEquals(3, queue.queued());
        assertEquals(2, queue.dropped());
        assertEquals(List.of(3L, 4L, 5L), runs(queue.takeAll()));
    }

    @Test
    void resultsThatRetireChartsGoOnlyWhenNothingElseIsLeftToDrop() throws Exception {
        SinkQueue queue = new SinkQueue(2);
        queue.offer(Results.retirement("m/gone"));
        queue.offer(Results.values("m/a", 1));
        queue.offer(Results.values("m/a", 2));
        List<Object> kept = queue.takeAll();
        assertEquals(List.of(-1L, 2L), runs(kept), "the retirement stays, the oldest values go");

        queue.offer(Results.retirement("m/x"));
        queue.offer(Results.retirement("m/y"));
        queue.offer(Results.retirement("m/z"));
        assertEquals(List.of("m/y", "m/z"), queue.takeAll().stream()
                .map(item -> ((CollectionResult) item).job().toString()).toList());
        assertEquals(2, queue.dropped());
    }

    @Test
    void nothingToRunIsNeverDroppedAndKeptOnceWhenRepeated() throws Exception {
        SinkQueue queue = new SinkQueue(1);
        queue.offer(Results.values("m/a", 1));
        queue.offerNothingToRun();
        queue.offerNothingToRun();
        queue.offer(Results.values("m/a", 2));
        queue.offer(Results.values("m/a", 3));
        List<Object> all = queue.takeAll();
        assertEquals(2, all.size(), String.valueOf(all));
        assertEquals(SinkQueue.NOTHING_TO_RUN, all.get(0));
        assertEquals(3L, Results.run((CollectionResult) all.get(1)));
        assertEquals(2, queue.dropped());
    }

    @Test
    void afterCloseTheTakerGetsWhatIsLeftThenNullAndOffersAreDroppedAndCounted() throws Exception {
        SinkQueue queue = new SinkQueue(10);
        queue.offer(Results.values("m/a", 1));
        queue.close();
        assertFalse(queue.offer(Results.values("m/a", 2)));
        assertEquals(List.of(1L), runs(queue.takeAll()));
        assertNull(queue.takeAll());
        assertEquals(1, queue.dropped());
    }

    @Test
    void discardDropsWhatIsQueuedAndCountsIt() {
        SinkQueue queue = new SinkQueue(10);
        queue.offer(Results.values("m/a", 1));
        queue.offer(Results.values("m/a", 2));
        assertEquals(2, queue.discard());
        assertEquals(0, queue.queued());
        assertEquals(2, queue.dropped());
    }

    @Test
    void aSmallerBoundDropsTheOldestAtOnce() throws Exception {
        SinkQueue queue = new SinkQueue(5);
        for (int run = 1; run <= 5; run++) {
            queue.offer(Results.values("m/a", run));
        }
        queue.bound(2);
        assertEquals(2, queue.queued());
        assertEquals(3, queue.dropped());
        assertEquals(List.of(4L, 5L), runs(queue.takeAll()));
    }

    private static List<Long> runs(List<Object> items) {
        return items.stream().map(item -> Results.run((CollectionResult) item)).toList();
    }
}
