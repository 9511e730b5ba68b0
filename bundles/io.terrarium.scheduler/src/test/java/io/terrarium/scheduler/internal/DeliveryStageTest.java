package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

class DeliveryStageTest {

    private final DeliveryStage stage = new DeliveryStage();
    private final List<TestSinks.Blocking> blocking = new ArrayList<>();
    private long serviceIds;

    @AfterEach
    void closeTheStage() throws InterruptedException {
        blocking.forEach(TestSinks.Blocking::release);
        stage.close();
        Await.until("no delivery thread left", 5000, () -> Await.deliveryThreads() == 0);
    }

    @Test
    void aSinkThatBlocksForeverDelaysNeitherTheOffersNorAnotherSink() throws Exception {
        TestSinks.Blocking stuck = stuck(false);
        add(stuck, "stuck", 100);
        TestSinks.Recording healthy = new TestSinks.Recording();
        add(healthy, "healthy", 0);
        stage.offer(Results.values("m/a", 0), List.of());
        stuck.awaitEntered();

        long start = System.nanoTime();
        for (int run = 1; run <= 1000; run++) {
            stage.offer(Results.values("m/a", run), List.of());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1000, "1000 offers took " + millis + " ms");
        Await.until("the healthy sink has every result", 5000, () -> healthy.received.size() == 1001);
        assertEquals(LongStream.rangeClosed(0, 1000).boxed().toList(), healthy.runsOf("m/a"));
        DeliveryQueueStatus queue = queue("stuck");
        assertEquals(100, queue.queued());
        assertEquals(900, queue.dropped(), "every drop is counted");
        assertTrue(queue.busySince() != null, "the stuck sink shows as busy");
    }

    @Test
    void aFullQueueKeepsTheNewestResultsWithinItsBound() throws Exception {
        TestSinks.Blocking stuck = stuck(false);
        add(stuck, "stuck", 50);
        stage.offer(Results.values("m/a", 0), List.of());
        stuck.awaitEntered();
        AtomicInteger mostQueued = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int job = 0; job < 4; job++) {
            String id = "m/j" + job;
            producers.add(started(() -> {
                for (int run = 1; run <= 2500; run++) {
                    stage.offer(Results.values(id, run), List.of());
                    mostQueued.accumulateAndGet(queue("stuck").queued(), Math::max);
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
        assertEquals(50, mostQueued.get(), "the bound held");
        assertEquals(50, queue("stuck").queued());
        assertEquals(10_000 - 50, queue("stuck").dropped());

        stuck.release();
        Await.until("the stuck sink recovered", 5000, () -> stuck.received.size() == 51);
        for (int job = 0; job < 4; job++) {
            List<Long> runs = stuck.runsOf("m/j" + job);
            assertTrue(runs.isEmpty() || runs.get(0) > 2500 - 50, "only the newest are kept: " + runs);
        }
    }

    @Test
    void threadsGrowWithTheSinksNotWithTheJobsWhileASinkBlocks() throws Exception {
        long before = Thread.getAllStackTraces().size();
        TestSinks.Blocking stuck = stuck(false);
        add(stuck, "stuck", 100);
        add(new TestSinks.Recording(), "healthy", 0);
        stage.offer(Results.values("m/first", 0), List.of());
        stuck.awaitEntered();
        List<Thread> runners = new ArrayList<>();
        for (int job = 0; job < 200; job++) {
            String id = "m/j" + job;
            runners.add(started(() -> {
                for (int run = 1; run <= 20; run++) {
                    stage.offer(Results.values(id, run), List.of());
                }
            }));
        }
        for (Thread runner : runners) {
            runner.join(5000);
            assertTrue(!runner.isAlive(), "an offer blocked");
        }
        assertEquals(2, Await.deliveryThreads());
        assertTrue(Thread.getAllStackTraces().size() <= before + 2,
                "threads: " + before + " before, " + Thread.getAllStackTraces().size() + " now");
        assertEquals(200 * 20 - 100, queue("stuck").dropped());
    }

    @Test
    void aSinkGetsOnlyWhatItAcceptsAndHasNoThreadUntilItAcceptsSomething() throws Exception {
        TestSinks.Recording refusing = new TestSinks.Recording() {
            @Override
            public boolean accepts(CollectionResult result) {
                return false;
            }
        };
        TestSinks.Recording choosy = new TestSinks.Recording() {
            @Override
            public boolean accepts(CollectionResult result) {
                return result.job().job().equals("b");
            }
        };
        add(refusing, "refusing", 3);
        add(choosy, "choosy", 3);
        assertEquals(0, Await.deliveryThreads(), "no thread before anything is queued");
        for (int run = 0; run < 10; run++) {
            stage.offer(Results.values("m/a", run), List.of());
        }
        assertEquals(0, Await.deliveryThreads(), "nothing accepted, so no thread");
        stage.offer(Results.values("m/b", 0), List.of());
        stage.offer(Results.values("m/a", 10), List.of());
        stage.offer(Results.values("m/b", 1), List.of());
        Await.until("the choosy sink has both of m/b's results", 5000, () -> choosy.received.size() == 2);
        assertEquals(List.of(0L, 1L), choosy.runsOf("m/b"));
        assertEquals(0, queue("choosy").dropped(), "refused results take no room in a queue of 3");
        assertEquals(List.of(), refusing.received);
        assertEquals(0, queue("refusing").dropped());
        assertEquals(1, Await.deliveryThreads(), "only the sink that accepted something has a thread");

        stage.nothingToRun();
        Await.until("the refusing sink hears that nothing is left to run", 5000,
                () -> refusing.calls.equals(List.of("nothingToRun")));
    }

    @Test
    void aSinkWhoseAcceptsFailsIsHandedEveryResult() throws Exception {
        TestSinks.Recording failing = new TestSinks.Recording() {
            @Override
            public boolean accepts(CollectionResult result) {
                throw new IllegalStateException("broken accepts");
            }
        };
        TestSinks.Recording healthy = new TestSinks.Recording();
        add(failing, "failing", 0);
        add(healthy, "healthy", 0);
        for (int run = 0; run < 3; run++) {
            stage.offer(Results.values("m/a", run), List.of());
        }
        Await.until("both sinks have the three results", 5000,
                () -> failing.received.size() == 3 && healthy.received.size() == 3);
        assertEquals(List.of(0L, 1L, 2L), failing.runsOf("m/a"));
    }

    @Test
    void eachSinkGetsEveryJobsResultsInTheOrderCollected() throws Exception {
        TestSinks.Recording fast = new TestSinks.Recording();
        TestSinks.Recording slow = new TestSinks.Recording() {
            @Override
            public void deliver(List<CollectionResult> results) {
                super.deliver(results);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        add(fast, "fast", 100_000);
        add(slow, "slow", 100_000);
        List<Thread> producers = new ArrayList<>();
        for (int job = 0; job < 4; job++) {
            String id = "m/j" + job;
            producers.add(started(() -> {
                for (int run = 1; run <= 2000; run++) {
                    stage.offer(Results.values(id, run), List.of());
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
        Await.until("both sinks have everything", 10_000,
                () -> fast.received.size() == 8000 && slow.received.size() == 8000);
        List<Long> expected = LongStream.rangeClosed(1, 2000).boxed().toList();
        for (int job = 0; job < 4; job++) {
            assertEquals(expected, fast.runsOf("m/j" + job));
            assertEquals(expected, slow.runsOf("m/j" + job));
        }
        assertTrue(slow.batches.stream().anyMatch(size -> size > 1), "a slow sink gets what waited in one call");
        assertTrue(slow.threads.stream().allMatch("terrarium-delivery-slow"::equals), "its own thread only");
    }

    @Test
    void resultsThatArriveTogetherAreHandedOverTogether() throws Exception {
        TestSinks.Recording sink = new TestSinks.Recording();
        add(sink, "netdata", 0);
        for (int job = 0; job < 1000; job++) {
            stage.offer(Results.values("m/j" + job, 1), List.of());
        }
        Await.until("delivered", 5000, () -> sink.received.size() == 1000);
        // one tick of 1000 jobs: a few calls, not one per job (a preempted producer may split it)
        assertTrue(sink.batches.size() <= 20, "calls: " + sink.batches);
    }

    @Test
    void nothingToRunReachesTheSinkAfterEverythingQueuedBeforeIt() throws Exception {
        TestSinks.Blocking sink = stuck(false);
        add(sink, "netdata", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        sink.awaitEntered();
        stage.offer(Results.values("m/a", 2), List.of());
        stage.offer(Results.retirement("m/a"), List.of());
        stage.nothingToRun();
        sink.release();
        Await.until("nothing to run", 5000, () -> sink.calls.contains("nothingToRun"));
        assertEquals(List.of("results:1", "results:2", "nothingToRun"), sink.calls);
        assertEquals(List.of(1L, 2L, -1L), sink.runsOf("m/a"));
    }

    @Test
    void resultsGoOnlyToTheSinksTheJobNames() throws Exception {
        TestSinks.Recording named = new TestSinks.Recording();
        TestSinks.Recording other = new TestSinks.Recording();
        add(named, "named", 0);
        add(other, "other", 0);
        stage.offer(Results.values("m/a", 1), List.of("named"));
        stage.offer(Results.values("m/b", 1), List.of());
        Await.until("delivered", 5000, () -> named.received.size() == 2 && other.received.size() == 1);
        assertEquals("m/b", other.received.get(0).job().toString());
    }

    @Test
    void aRemovedSinkGetsWhatWasQueuedBeforeAndItsThreadEnds() throws Exception {
        TestSinks.Blocking sink = stuck(false);
        add(sink, "leaving", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        sink.awaitEntered();
        stage.offer(Results.values("m/a", 2), List.of());
        stage.offer(Results.values("m/a", 3), List.of());
        Thread release = started(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            sink.release();
        });
        stage.remove(sink);
        release.join();
        assertEquals(List.of(1L, 2L, 3L), sink.runsOf("m/a"));
        assertEquals(0, Await.deliveryThreads());
        stage.offer(Results.values("m/a", 4), List.of());
        assertEquals(3, sink.received.size(), "nothing after it went away");
        assertEquals(List.of(), stage.queues());
    }

    @Test
    void aSinkStuckWhenRemovedIsGivenUpAfterTheGraceAndItsThreadEndsWhenItReturns() throws Exception {
        TestSinks.Blocking sink = stuck(false);
        add(sink, "stuck", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        sink.awaitEntered();
        stage.offer(Results.values("m/a", 2), List.of());
        long start = System.nanoTime();
        stage.remove(sink);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= DeliveryStage.GRACE.toMillis() - 50 && millis < DeliveryStage.GRACE.toMillis() + 1000,
                "removal took " + millis + " ms");
        Await.until("its thread was interrupted", 5000, () -> sink.interrupted);
        sink.release();
        Await.until("its thread ended", 5000, () -> Await.deliveryThreads() == 0);
        assertEquals(List.of(1L), sink.runsOf("m/a"), "what was queued was discarded");
    }

    @Test
    void closingEndsEveryDeliveryThreadWithinTheGrace() throws Exception {
        TestSinks.Blocking stuck = stuck(true);
        add(stuck, "stuck", 0);
        add(new TestSinks.Recording(), "a", 0);
        add(new TestSinks.Recording(), "b", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        stuck.awaitEntered();
        assertEquals(3, Await.deliveryThreads());
        long start = System.nanoTime();
        stage.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < DeliveryStage.GRACE.toMillis() + 1000);
        Await.until("every delivery thread ended", 5000, () -> Await.deliveryThreads() == 0);
        add(new TestSinks.Recording(), "late", 0);
        assertEquals(0, Await.deliveryThreads(), "a closed stage starts nothing");
    }

    @Test
    void aSinkThatThrowsKeepsItsThreadAndGetsTheNextResults() throws Exception {
        TestSinks.Recording flaky = new TestSinks.Recording() {
            @Override
            public void deliver(List<CollectionResult> results) {
                super.deliver(results);
                if (received.size() == 1) {
                    throw new IllegalStateException("first one fails");
                }
            }
        };
        add(flaky, "flaky", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        Await.until("the first delivery", 5000, () -> flaky.received.size() == 1);
        stage.offer(Results.values("m/a", 2), List.of());
        Await.until("the next delivery", 5000, () -> flaky.received.size() == 2);
    }

    @Test
    void theBoundComesFromTheSinksQueuePropertyAndFollowsItsChanges() throws Exception {
        TestSinks.Recording sink = new TestSinks.Recording();
        add(sink, "first", 7);
        assertEquals(7, queue("first").bound());
        stage.update(sink, Map.of(Sink.NAME, "renamed", Sink.QUEUE, "3", "service.id", serviceIds));
        assertEquals(3, queue("renamed").bound());
        assertEquals(Sink.DEFAULT_QUEUE, DeliveryStage.bound("x", Map.of(Sink.QUEUE, "many")));
        assertEquals(Sink.DEFAULT_QUEUE, DeliveryStage.bound("x", Map.of(Sink.QUEUE, -5)));
        assertEquals(Sink.DEFAULT_QUEUE, DeliveryStage.bound("x", Map.of()));
        stage.offer(Results.values("m/a", 1), List.of("renamed"));
        Await.until("delivered under its new name", 5000, () -> sink.received.size() == 1);
    }

    @Test
    void previewsAreAskedOnTheCallersThreadEvenWhileTheSinkIsStuck() throws Exception {
        TestSinks.Blocking stuck = new TestSinks.Blocking(false) {
            @Override
            public String preview(CollectionResult result) {
                return "preview of " + result.job();
            }
        };
        blocking.add(stuck);
        add(stuck, "stuck", 0);
        stage.offer(Results.values("m/a", 1), List.of());
        stuck.awaitEntered();
        assertEquals(Map.of("stuck", "preview of m/a"),
                stage.previews(new Validators().validate(Results.values("m/a", 2)), List.of()));
    }

    @Test
    void eachSinkGetsWhatTheValidatorsOfItsTypeLeft() throws Exception {
        TestSinks.Recording netdata = new TestSinks.Recording();
        TestSinks.Recording file = new TestSinks.Recording();
        add(netdata, "netdata", 0);
        stage.update(netdata, Map.of(Sink.NAME, "netdata", Sink.TYPE, "netdata", "service.id", serviceIds));
        add(file, "file", 0);
        Validators validators = new Validators();
        validators.add(new ValidatorsTest.DropCharts("not for netdata"),
                Map.of(io.terrarium.api.Validator.SINK_TYPES, "netdata"));
        Validators.Pass pass = validators.validate(Results.values("m/a", 1));
        stage.offer(pass, List.of());
        Await.until("both sinks received it", 5000, () -> netdata.received.size() == 1 && file.received.size() == 1);
        assertEquals(List.of(), netdata.received.get(0).charts());
        assertEquals(1, file.received.get(0).charts().size());
        assertEquals(java.util.Set.of("netdata", "file"), stage.previews(pass, List.of()).keySet());
        assertEquals(1, pass.rejections().size());
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body, "test-producer");
        thread.start();
        return thread;
    }

    private TestSinks.Blocking stuck(boolean interruptible) {
        TestSinks.Blocking sink = new TestSinks.Blocking(interruptible);
        blocking.add(sink);
        return sink;
    }

    /** Adds the sink as DS would bind it; a bound of 0 leaves the default. */
    private void add(Sink sink, String name, int bound) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Sink.NAME, name);
        properties.put("service.id", ++serviceIds);
        if (bound > 0) {
            properties.put(Sink.QUEUE, bound);
        }
        stage.add(sink, properties);
    }

    private DeliveryQueueStatus queue(String name) {
        return stage.queues().stream().filter(queue -> queue.sink().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue for " + name + ": " + stage.queues()));
    }
}
