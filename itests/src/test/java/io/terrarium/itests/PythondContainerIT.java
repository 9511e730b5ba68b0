package io.terrarium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/** The DataKit seed document's Demo script, unmodified, from a pythond.conf, in a real Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PythondContainerIT {

    @Inject
    private BundleContext context;

    /** One sink for the whole class: the scripts report every 10 s, and each test needs only some report. */
    private static volatile RecordingSink sink;

    @Inject
    private JobControl jobControl;

    @Inject
    private WorkerPool workerPool;

    @Configuration
    public Option[] configuration() throws java.io.IOException {
        // before the container starts: the crashing script kills its worker once per fresh flag
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(System.getenv("TERRARIUM_TEST_TEMP"), "crashed-once"));
        return ContainerOptions.terrarium(ContainerOptions.resource("pythond/conf.d"),
                ContainerOptions.resource("pythond/python.d"));
    }

    @Before
    public void registerSinkOnce() {
        if (sink == null) {
            sink = new RecordingSink();
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Sink.NAME, "recording");
            context.registerService(Sink.class, sink, properties);
        }
    }

    private void awaitMeasurement(JobId job, String measurement, long timeoutMillis) throws InterruptedException {
        Await.until(job + " reporting " + measurement, timeoutMillis,
                () -> sink.received.stream().filter(r -> r.job().equals(job)).flatMap(r -> r.batches().stream())
                        .flatMap(b -> b.points().stream()).anyMatch(p -> p.measurement().equals(measurement)),
                () -> jobControl.jobs().toString());
    }

    private JobStatus status(JobId job) {
        return jobControl.jobs().stream().filter(s -> s.id().equals(job)).findFirst().orElse(null);
    }

    @Test
    public void scriptNamedLikeAStandardModuleRuns() throws InterruptedException {
        awaitMeasurement(new JobId("test", "StdlibNamed"), "stdlib_named", 30_000);
    }

    @Test
    public void scriptWhoseImportFailsIsReportedAndTheOthersOfItsWorkerRun() throws InterruptedException {
        JobId broken = new JobId("broken", "Broken");
        Await.until("the broken script failed", 30_000,
                () -> status(broken) != null && status(broken).state() == JobStatus.State.FAILED,
                () -> String.valueOf(status(broken)));
        assertTrue(status(broken).message(), status(broken).message().contains("terrarium_no_such_module_anywhere"));
        awaitMeasurement(new JobId("nointerval", "NoInterval"), "no_interval", 30_000);
    }

    @Test
    public void classWithoutIntervalRunsEveryTenSeconds() throws InterruptedException {
        JobId job = new JobId("nointerval", "NoInterval");
        Await.until("the class without interval running", 30_000,
                () -> status(job) != null && status(job).state() == JobStatus.State.RUNNING);
        assertEquals(10, status(job).updateEvery());
    }

    @Test
    public void workerKilledByItsScriptIsRestartedAndTheScriptReports() throws InterruptedException {
        awaitMeasurement(new JobId("crasher", "Crasher"), "after_crash", 45_000);
        WorkerStatus crashy = workerPool.workers().stream().filter(w -> w.group().equals("pythond:crashy"))
                .findFirst().orElseThrow();
        assertTrue("restarted: " + crashy, crashy.restarts() >= 1);
    }

    @Test
    public void seedDocumentsDemoScriptReportsItsMetrics() throws InterruptedException {
        JobId demo = new JobId("demo", "Demo");
        // interval = 10: the first run is at the next multiple of 10 s
        Await.until("the Demo script's first report", 30_000,
                () -> sink.received.stream().anyMatch(r -> r.job().equals(demo) && !r.batches().isEmpty()));
        CollectionResult result = sink.received.stream().filter(r -> r.job().equals(demo)).findFirst().get();
        assertEquals(1, result.batches().size());
        PointBatch batch = result.batches().get(0);
        assertEquals(PointCategory.METRIC, batch.category());
        assertEquals("datakitpy", batch.input());
        assertEquals(null, batch.destination());
        List<Point> points = batch.points();
        assertEquals(List.of("abc", "def"), points.stream().map(Point::measurement).toList());
        for (Point point : points) {
            assertEquals(Map.of("t1", "b", "t2", "d"), point.tags());
            assertEquals(123L, point.fields().get("f1"));
            assertEquals(3.4, point.fields().get("f2"));
            assertEquals("strval", point.fields().get("f3"));
            long skew = Math.abs(point.timeNanos() / 1_000_000 - result.time().toEpochMilli());
            assertTrue("stamped with the run's time, " + skew + " ms off", skew < 5_000);
        }
    }
}
