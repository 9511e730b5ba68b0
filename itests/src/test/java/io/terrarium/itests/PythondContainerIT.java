package io.terrarium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.terrarium.api.JobId;
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

    @Configuration
    public Option[] configuration() {
        return ContainerOptions.terrarium(ContainerOptions.resource("pythond/conf.d"),
                ContainerOptions.resource("pythond/python.d"));
    }

    @Test
    public void seedDocumentsDemoScriptReportsItsMetrics() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Sink.NAME, "recording");
        ServiceRegistration<Sink> registration = context.registerService(Sink.class, sink, properties);
        try {
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
        } finally {
            registration.unregister();
        }
    }
}
