package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.JobId;
import io.terrarium.api.RunOnce;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/** The scheduler with its delivery stage, over a pool that answers at once: what a sink can and cannot hold up. */
class CollectionSchedulerDeliveryTest {

    private final FakeWorkerPool pool = new FakeWorkerPool();
    private final CollectionScheduler scheduler = new CollectionScheduler(pool, config(), context());
    private final List<TestSinks.Blocking> blocking = new ArrayList<>();
    private long serviceIds;

    @AfterEach
    void stop() throws InterruptedException {
        blocking.forEach(TestSinks.Blocking::release);
        scheduler.deactivate();
        pool.replies.shutdownNow();
        Await.until("no delivery thread left", 5000, () -> Await.deliveryThreads() == 0);
    }

    @Test
    void aSinkThatBlocksForeverDelaysNeitherCollectionNorAnotherSink() throws Exception {
        TestSinks.Blocking stuck = new TestSinks.Blocking(false);
        blocking.add(stuck);
        addSink(stuck, "stuck", 1);
        TestSinks.Recording healthy = new TestSinks.Recording();
        addSink(healthy, "healthy", 0);
        scheduler.addSource(new FakeJobSource("m/a", "m/b"));

        Await.until("four ticks delivered to the healthy sink", 10_000,
                () -> healthy.runsOf("m/a").size() >= 4 && healthy.runsOf("m/b").size() >= 4);
        assertTrue(pool.collections("m/a") >= 4, "collection went on");
        assertTrue(stuck.entered.getCount() == 0 && stuck.received.size() == 1, "the stuck sink holds its first");
        DeliveryQueueStatus queue = queue("stuck");
        assertEquals(1, queue.queued(), "its bound");
        assertTrue(queue.dropped() >= 8 - 2, "what it could not take is counted: " + queue);
        assertEquals(2, Await.deliveryThreads(), "one thread per sink");
    }

    @Test
    void aStoppedJobsChartsAreRetiredAfterItsLastValuesAndNothingToRunComesLast() throws Exception {
        // slow, so that what follows is queued behind values
        TestSinks.Recording slow = new TestSinks.Recording() {
            @Override
            public void deliver(List<CollectionResult> results) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.deliver(results);
            }
        };
        addSink(slow, "netdata", 0);
        FakeJobSource source = new FakeJobSource("m/a");
        scheduler.addSource(source);
        Await.until("two ticks collected", 10_000, () -> pool.collections("m/a") >= 2);
        source.set();

        Await.until("nothing to run", 10_000, () -> slow.calls.contains("nothingToRun"));
        List<Long> runs = slow.runsOf("m/a");
        assertEquals(-1L, runs.get(runs.size() - 1), "the retirement comes after the values: " + runs);
        assertEquals(pool.collections("m/a"), runs.size() - 1, "every value arrived first: " + runs);
        assertEquals("nothingToRun", slow.calls.get(slow.calls.size() - 1));
    }

    @Test
    void runOnceIsPreviewedSynchronouslyWhileTheSinkIsStuck() throws Exception {
        TestSinks.Blocking stuck = new TestSinks.Blocking(false) {
            @Override
            public String preview(CollectionResult result) {
                return "run " + Results.run(result);
            }
        };
        blocking.add(stuck);
        addSink(stuck, "stuck", 0);
        scheduler.addSource(new FakeJobSource("m/a"));
        stuck.awaitEntered();
        RunOnce run = scheduler.runOnce(JobId.parse("m/a")).get(5, TimeUnit.SECONDS);
        assertTrue(run.previews().get("stuck").startsWith("run "), String.valueOf(run.previews()));
    }

    @Test
    void aRemovedSinkLosesItsThreadAndDeactivationEndsTheRest() throws Exception {
        TestSinks.Recording first = new TestSinks.Recording();
        TestSinks.Blocking stuck = new TestSinks.Blocking(true);
        blocking.add(stuck);
        addSink(first, "first", 0);
        addSink(stuck, "stuck", 0);
        scheduler.addSource(new FakeJobSource("m/a"));
        stuck.awaitEntered();
        assertEquals(2, Await.deliveryThreads());

        scheduler.removeSink(first);
        assertEquals(1, Await.deliveryThreads());
        assertEquals(List.of("stuck"), scheduler.queues().stream().map(DeliveryQueueStatus::sink).toList());

        scheduler.deactivate();
        Await.until("every delivery thread ended", 5000, () -> Await.deliveryThreads() == 0);
    }

    private void addSink(Sink sink, String name, int bound) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Sink.NAME, name);
        properties.put("service.id", ++serviceIds);
        if (bound > 0) {
            properties.put(Sink.QUEUE, bound);
        }
        scheduler.addSink(sink, properties);
    }

    private DeliveryQueueStatus queue(String name) {
        return scheduler.queues().stream().filter(queue -> queue.sink().equals(name)).findFirst().orElseThrow();
    }

    private static SchedulerConfig config() {
        return new SchedulerConfig() {
            @Override
            public int checkTimeoutSeconds() {
                return 60;
            }

            @Override
            public int collectTimeoutSeconds() {
                return 0;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SchedulerConfig.class;
            }
        };
    }

    /** A bundle context with no framework properties and no system bundle. */
    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
    }
}
