package io.terrarium.sink.netdata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import io.terrarium.api.JobId;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;

class NetdataSinkTest {

    /** Keeps each write apart, and counts flushes. */
    static final class RecordingPipe extends OutputStream {
        final List<String> writes = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }
    }

    @Test
    void whatIsHandedOverAtOnceIsWrittenWithOneWriteAndOneFlushInOrder() {
        RecordingPipe pipe = new RecordingPipe();
        NetdataSink sink = sink(pipe);
        sink.deliver(List.of(result("a", chart("a", "x"), 1), result("b", chart("b", "x"), 1),
                result("a", chart("a", "x"), 2)));
        assertEquals(1, pipe.writes.size());
        assertEquals(1, pipe.flushes);
        String out = pipe.writes.get(0);
        assertEquals(List.of("CHART m_a.x", "BEGIN m_a.x", "SET 'x' = 1", "CHART m_b.x", "BEGIN m_b.x", "SET 'x' = 1",
                "BEGIN m_a.x", "SET 'x' = 2"), protocolLines(out));
        assertEquals(new SinkStatus("ok", "stdout (Netdata's pipe)", 3, 3, -1, 0, 0, 0), sink.status());
    }

    @Test
    void aBigDeliveryAndASmallOneAfterItAreEachWrittenWholeInUtf8() {
        RecordingPipe pipe = new RecordingPipe();
        NetdataSink sink = sink(pipe);
        String title = "ünïcødé ✓ 🐍";
        List<CollectionResult> tick = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Chart chart = new Chart("m_j" + i, "x", "", title, "units", "family", "m.x", "line", 1000, 1, "", "m",
                    List.of(), List.of(new Dimension("x", "x", "absolute", 1, 1, false, false)));
            tick.add(result("j" + i, chart, i));
            expected.addAll(List.of("CHART m_j" + i + ".x", "BEGIN m_j" + i + ".x", "SET 'x' = " + i));
        }
        sink.deliver(tick);
        // the buffers grew from a few KB to this tick's size, and the text went out in one write
        assertEquals(1, pipe.writes.size());
        String big = pipe.writes.get(0);
        assertTrue(big.length() > 300_000, "length " + big.length());
        assertEquals(expected, protocolLines(big));
        assertEquals(3000, big.split(title, -1).length - 1);
        // the same buffers, holding nothing of the delivery before
        sink.deliver(List.of(result("j7", tick.get(7).charts().get(0).chart(), 42)));
        assertEquals(List.of("BEGIN m_j7.x", "SET 'x' = 42"), protocolLines(pipe.writes.get(1)));
        assertEquals(2, pipe.flushes);
    }

    @Test
    void aChartIsDefinedBeforeItsNextValueWhenTheResultsThatChangedItWereDropped() {
        RecordingPipe pipe = new RecordingPipe();
        NetdataSink sink = sink(pipe);
        sink.deliver(List.of(result("a", chart("a", "x"), 1)));
        // the queue dropped the results that added dimension y and a chart z; the next ones carry both
        Chart grown = chart("a", "x", "y");
        sink.deliver(List.of(new CollectionResult(new JobId("m", "a"), "m_a", Instant.now(),
                List.of(update(grown, 5), update(chart("a", "z"), 5)), List.of(), List.of(), null)));
        assertEquals(List.of("CHART m_a.x", "BEGIN m_a.x", "SET 'x' = 5", "SET 'y' = 5", "CHART m_a.z", "BEGIN m_a.z",
                "SET 'z' = 5"), protocolLines(pipe.writes.get(1)));
        assertTrue(pipe.writes.get(1).contains("DIMENSION 'y'"), pipe.writes.get(1));
    }

    @Test
    void statusAnswersWhileAWriteWaitsForAReader() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    read.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        NetdataSink sink = sink(stalled);
        Thread delivery = new Thread(() -> sink.deliver(List.of(result("a", chart("a", "x"), 1))), "delivery");
        delivery.start();
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        SinkStatus status = CompletableFuture.supplyAsync(sink::status).get(2, TimeUnit.SECONDS);
        assertEquals(1, status.received());
        assertEquals(0, status.sent());
        read.countDown();
        delivery.join(5000);
        assertEquals(1, sink.status().sent());
    }

    @Test
    void afterThePipeBreaksEveryResultHandedOverIsCountedLost() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("EPIPE");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("EPIPE");
            }
        };
        NetdataSink sink = sink(broken);
        sink.deliver(List.of(result("a", chart("a", "x"), 1), result("b", chart("b", "x"), 1)));
        sink.deliver(List.of(result("a", chart("a", "x"), 2)));
        assertEquals(new SinkStatus("closed", "stdout (Netdata's pipe)", 3, 0, -1, 3, 0, 0), sink.status());
    }

    private static NetdataSink sink(OutputStream pipe) {
        NetdataSinkConfig config = new NetdataSinkConfig() {
            @Override
            public String pluginName() {
                return "terrarium.plugin";
            }

            @Override
            public boolean runtimeCharts() {
                return false;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NetdataSinkConfig.class;
            }
        };
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
        return new NetdataSink(pipe, context, config);
    }

    private static Chart chart(String job, String id, String... more) {
        List<Dimension> dimensions = new ArrayList<>();
        dimensions.add(new Dimension(id, id, "absolute", 1, 1, false, false));
        for (String dimension : more) {
            dimensions.add(new Dimension(dimension, dimension, "absolute", 1, 1, false, false));
        }
        return new Chart("m_" + job, id, "", "A chart", "units", "family", "m." + id, "line", 1000, 1, "", "m",
                List.of(), dimensions);
    }

    private static ChartUpdate update(Chart chart, long value) {
        List<DimensionValue> values = chart.dimensions().stream().map(d -> new DimensionValue(d.id(), value)).toList();
        return new ChartUpdate(chart, 1_000_000, values, List.of());
    }

    private static CollectionResult result(String job, Chart chart, long value) {
        return new CollectionResult(new JobId("m", job), "m_" + job, Instant.now(), List.of(update(chart, value)),
                List.of(), List.of(), null);
    }

    /** CHART lines as their first two words, BEGIN lines without the microseconds, SET lines as they are. */
    private static List<String> protocolLines(String out) {
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] words = line.split(" ");
            if (line.startsWith("CHART ") || line.startsWith("BEGIN ")) {
                lines.add(words[0] + " " + words[1]);
            } else if (line.startsWith("SET ")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
