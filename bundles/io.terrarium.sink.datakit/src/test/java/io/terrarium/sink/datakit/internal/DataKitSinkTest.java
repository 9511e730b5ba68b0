package io.terrarium.sink.datakit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;
import io.terrarium.sink.datakit.DeliveryStatus;

/**
 * The sink against a stand-in DataKit whose every body is judged by influxd. Tunables are small so outages,
 * retries and ages play out in well under a second each.
 */
class DataKitSinkTest {

    @RegisterExtension
    static final Influxd INFLUXD = new Influxd();

    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final long BASE = 1_700_000_000_000_000_000L;

    @TempDir
    Path spool;

    private FakeDataKit datakit;
    private final List<FakeDataKit> others = new ArrayList<>();
    private final List<DataKitSink> sinks = new ArrayList<>();

    @BeforeEach
    void startDataKit() throws IOException {
        datakit = new FakeDataKit(INFLUXD, "t" + TESTS.incrementAndGet());
    }

    @AfterEach
    void stopEverything() {
        sinks.forEach(DataKitSink::deactivate);
        datakit.close();
        others.forEach(FakeDataKit::close);
        assertEquals(List.of(), datakit.invalidBodies(), "every body the sink sent is valid line protocol");
        for (FakeDataKit other : others) {
            assertEquals(List.of(), other.invalidBodies(), "every body the sink sent is valid line protocol");
        }
    }

    // ---- what arrives ----

    @Test
    void everyCategoryArrivesWithTagsTypesAndTimestampsIntact() {
        DataKitSink sink = sink();
        Map<PointCategory, PointBatch> batches = new LinkedHashMap<>();
        batches.put(PointCategory.METRIC, batch(PointCategory.METRIC, "demo", false,
                point("cpu", tags("host", "web-1", "cpu", "cpu0"),
                        fields("usage_user", 12.5, "count", 42L, "up", true, "state", "running"), BASE + 1),
                point("cpu", tags("host", "web-2", "cpu", "cpu1"),
                        fields("usage_user", 0.1, "count", -7L, "up", false, "state", "idle"), BASE + 2)));
        batches.put(PointCategory.LOGGING, batch(PointCategory.LOGGING, "nginx-logs", false,
                point("nginx", tags("service", "nginx"), fields("message", "GET / 200\n  at line two", "status",
                        "info"), BASE + 3)));
        batches.put(PointCategory.OBJECT, batch(PointCategory.OBJECT, "hosts", true,
                point("HOST", tags("name", "web-1"), fields("cpu_total", 8L, "message", "{\"os\": \"linux\"}"),
                        BASE + 4)));
        batches.put(PointCategory.CUSTOM_OBJECT, batch(PointCategory.CUSTOM_OBJECT, "inventory", false,
                point("rack", tags("name", "r1", "room", "east wing"), fields("slots", 42L, "full", false),
                        BASE + 5)));
        batches.put(PointCategory.KEYEVENT, batch(PointCategory.KEYEVENT, "events", false,
                point("measurement", tags(), fields("df_date_range", 10L, "df_source", "user", "df_status", "info",
                        "df_event_id", "e-1", "df_title", "deploy", "df_message", "v2 is out", "df_user_id", "ops"),
                        BASE + 6)));
        batches.put(PointCategory.RUM, batch(PointCategory.RUM, "web-rum", false,
                point("view", tags("app_id", "a1", "view_name", "/home"), fields("view_load", 1.25, "views", 3L),
                        BASE + 7)));

        sink.deliver(result("demo", "local", new ArrayList<>(batches.values())));

        await("7 points sent", () -> sink.deliveryStatus().totals().sent() == 7);
        for (Map.Entry<PointCategory, PointBatch> entry : batches.entrySet()) {
            PointBatch batch = entry.getValue();
            Influxd.assertSamePoints(stored(batch.points()),
                    INFLUXD.points(datakit.database(entry.getKey().path())));
            FakeDataKit.Request request = datakit.accepted().stream()
                    .filter(r -> r.category().equals(entry.getKey().path())).findFirst().orElseThrow();
            assertEquals(batch.input(), request.query().get("input"));
            assertEquals("n", request.query().get("precision"));
            assertEquals(batch.ignoreGlobalTags() ? "true" : null, request.query().get("ignore_global_host_tags"));
        }
        assertEquals(new DeliveryStatus.Counters(7, 0, 0, 0, 0), sink.deliveryStatus().totals());
    }

    @Test
    void hostileKeysAndValuesArriveExactly() {
        DataKitSink sink = sink();
        List<Point> points = new ArrayList<>();
        String[] hostile = { "a b", "a,b", "a=b", "say \"hi\"", "C:\\temp\\x", "a\\\\,b", "ünï €😀", "tab\there",
            "{\"k\": [1, 2]}", "#not-a-comment" };
        for (int i = 0; i < hostile.length; i++) {
            String text = hostile[i];
            // a measurement with a backslash before a comma cannot be written (LineProtocolEncoderTest)
            points.add(point("m " + text.replace("\\", "/"), tags("tag " + text, text), fields("field " + text,
                    text + "\nline two \\ end\\", "n", (long) i), BASE + i));
        }
        sink.deliver(result("hostile", "job", List.of(batch(PointCategory.LOGGING, "hostile in,put", false,
                points.toArray(Point[]::new)))));

        await("all sent", () -> sink.deliveryStatus().totals().sent() == points.size());
        Influxd.assertSamePoints(stored(points), INFLUXD.points(datakit.database("logging")));
        assertEquals("hostile in,put", datakit.accepted().get(0).query().get("input"));
    }

    @Test
    void aPythonDChartBecomesOneMetricPointPerUpdateWhenChartsAreRouted() {
        DataKitSink sink = sink("routeCharts", true);
        Chart random = chart("example_local", "random", "example.random", "random1", "random2");
        Chart noContext = chart("example_local", "plain", "", "value");
        Instant time = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        CollectionResult result = new CollectionResult(new JobId("example", "local"), "example_local", time,
                List.of(new ChartUpdate(random, 0, List.of(new DimensionValue("random1", 42L),
                        new DimensionValue("random2", BigInteger.valueOf(-7))), List.of()),
                        new ChartUpdate(noContext, 0, List.of(new DimensionValue("value", 1L)), List.of())),
                List.of(), List.of(), null);

        sink.deliver(result);

        await("two chart points", () -> sink.deliveryStatus().totals().sent() == 2);
        long nanos = 1_700_000_000_123_456_789L;
        List<Influxd.Stored> expected = stored(List.of(
                point("example.random", tags("module", "example", "job", "local", "chart", "example_local.random"),
                        fields("random1", 42L, "random2", -7L), nanos),
                point("example_local", tags("module", "example", "job", "local", "chart", "example_local.plain"),
                        fields("value", 1L), nanos)));
        Influxd.assertSamePoints(expected, INFLUXD.points(datakit.database("metric")));
        assertEquals("example", datakit.accepted().get(0).query().get("input"));
    }

    @Test
    void pythonDChartsAreNotRoutedByDefaultButAScriptsPointsAre() {
        DataKitSink sink = sink();
        Chart random = chart("example_local", "random", "example.random", "random1");
        sink.deliver(new CollectionResult(new JobId("example", "local"), "example_local", Instant.now(),
                List.of(new ChartUpdate(random, 0, List.of(new DimensionValue("random1", 42L)), List.of())),
                List.of(), List.of(), null));
        sink.deliver(result("script", "a", List.of(new PointBatch(PointCategory.METRIC, "in", false, null,
                List.of(point("m", tags(), fields("v", 1L), BASE))))));

        await("the script's point", () -> sink.deliveryStatus().totals().sent() == 1);
        // stopping sends (or spools) everything still queued: a routed chart could not hide there
        deactivate(sink);
        assertEquals(1, sink.deliveryStatus().totals().sent());
        assertEquals(0, sink.deliveryStatus().totals().spooled());
        assertEquals(1, datakit.accepted().size());
        assertEquals("in", datakit.accepted().get(0).query().get("input"));
    }

    @Test
    void withoutRoutedChartsItAcceptsOnlyResultsWithPointsAndSendsFromTheFirstPointOn() {
        DataKitSink sink = sink();
        Chart random = chart("example_local", "random", "example.random", "random1");
        CollectionResult chartsOnly = new CollectionResult(new JobId("example", "local"), "example_local",
                Instant.now(), List.of(new ChartUpdate(random, 0, List.of(new DimensionValue("random1", 42L)),
                        List.of())), List.of(), List.of(), null);
        CollectionResult points = result("script", "a", List.of(new PointBatch(PointCategory.METRIC, "in", false,
                null, List.of(point("m", tags(), fields("v", 1L), BASE)))));
        assertFalse(sink.accepts(chartsOnly));
        assertTrue(sink.accepts(points));
        assertEquals(List.of(), ours().stream().filter(name -> name.startsWith("terrarium-datakit-sender")).toList(),
                "no sender before there is a point to send");

        sink.deliver(points);

        await("the point", () -> sink.deliveryStatus().totals().sent() == 1);
        assertEquals(1, ours().stream().filter(name -> name.startsWith("terrarium-datakit-sender")).count());
        sink.modified(config("routeCharts", true));
        assertTrue(sink.accepts(chartsOnly), "with routeCharts every result may become points");
    }

    @Test
    void aBatchNamingAnotherDataKitGoesThereAndNowhereElse() throws IOException {
        FakeDataKit other = new FakeDataKit(INFLUXD, datakit.database("other"));
        others.add(other);
        DataKitSink sink = sink();

        sink.deliver(result("script", "a", List.of(new PointBatch(PointCategory.METRIC, "remote", false,
                other.url() + "/", List.of(point("m", tags(), fields("v", 1L), BASE))))));
        sink.deliver(result("script", "b", List.of(batch(PointCategory.METRIC, "local", false,
                point("m", tags(), fields("v", 2L), BASE)))));

        await("one point at each", () -> sink.deliveryStatus().totals().sent() == 2);
        assertEquals("remote", other.accepted().get(0).query().get("input"));
        assertEquals("local", datakit.accepted().get(0).query().get("input"));
        List<DeliveryStatus.DestinationStatus> destinations = sink.deliveryStatus().destinations();
        assertEquals(List.of(datakit.url().toString(), other.url().toString()),
                destinations.stream().map(DeliveryStatus.DestinationStatus::url).toList());
    }

    // ---- batching ----

    @Test
    void batchesAreCutAtTheirPointLimitAndTheRestIsSentOnDeactivation() {
        DataKitSink sink = sink("batchMaxPoints", 10, "flushIntervalMillis", 60_000L);

        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 35)))));

        await("three full batches", () -> datakit.accepted().size() == 3);
        assertEquals(List.of(10, 10, 10), lineCounts(datakit.accepted()));
        // the endpoint records a request before its answer reaches the sender, which then takes the batch off
        await("the three batches taken off the queue",
                () -> sink.deliveryStatus().destinations().get(0).queuedPoints() == 5);
        deactivate(sink);
        assertEquals(List.of(10, 10, 10, 5), lineCounts(datakit.accepted()));
    }

    @Test
    void aBatchFilledExactlyIsSentAtOnceNotAfterTheFlushInterval() {
        DataKitSink sink = sink("batchMaxPoints", 5, "flushIntervalMillis", 60_000L);
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 3)))));

        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 3, 2)))));

        await("the full batch", () -> sink.deliveryStatus().totals().sent() == 5);
    }

    @Test
    void batchesStayUnderTheirByteLimit() {
        DataKitSink sink = sink("batchMaxBytes", 300, "flushIntervalMillis", 60_000L);

        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 40)))));
        deactivate(sink);

        assertEquals(40, datakit.acceptedPoints());
        for (FakeDataKit.Request request : datakit.accepted()) {
            int bytes = request.body().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 300, bytes + " bytes");
            assertTrue(request.lines().size() > 1, "batches hold several points");
        }
    }

    @Test
    void aPartialBatchIsSentOnceItIsFlushIntervalOld() {
        DataKitSink sink = sink("flushIntervalMillis", 400L);
        long delivered = System.nanoTime();

        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 3)))));

        await("the batch", () -> datakit.accepted().size() == 1);
        long afterMillis = (datakit.accepted().get(0).atNanos() - delivered) / 1_000_000;
        assertTrue(afterMillis >= 400 && afterMillis < 2000, "sent after " + afterMillis + " ms");
        assertEquals(3, datakit.acceptedPoints());
    }

    // ---- failures ----

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedUntilAccepted() {
        datakit.answerNext(FakeDataKit.error(500, "datakit.internal", "boom"),
                FakeDataKit.error(429, "datakit.reachMaxAPILimit", "slow down"),
                FakeDataKit.error(503, "datakit.busy", "busy"));
        DataKitSink sink = sink();

        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 5)))));

        await("accepted at last", () -> sink.deliveryStatus().totals().sent() == 5);
        assertEquals(List.of(500, 429, 503, 200), datakit.requests().stream().map(FakeDataKit.Request::status).toList());
        assertEquals(1, datakit.requests().stream().map(FakeDataKit.Request::body).distinct().count(),
                "the same batch every time");
        assertEquals(new DeliveryStatus.Counters(5, 0, 15, 0, 0), sink.deliveryStatus().totals());
    }

    @Test
    void aRefusedBatchIsLoggedWithDataKitsErrorOnceAndNotRetried() {
        datakit.answerNext(FakeDataKit.error(400, "datakit.invalidLinePoint", "invalid field format at line 1"));
        DataKitSink sink = sink();
        String log = capturingStderr(() -> {
            sink.deliver(result("m", "j", List.of(batch(PointCategory.LOGGING, "demo", false,
                    sequence("j", 0, 3)))));
            await("refused", () -> sink.deliveryStatus().totals().failed() == 3);
            sink.deliver(result("m", "j", List.of(batch(PointCategory.LOGGING, "demo", false,
                    sequence("j", 3, 2)))));
            await("the next batch", () -> sink.deliveryStatus().totals().sent() == 2);
        });

        assertEquals(List.of(400, 200), datakit.requests().stream().map(FakeDataKit.Request::status).toList());
        List<String> lines = log.lines().filter(line -> line.contains("datakit.invalidLinePoint")).toList();
        assertEquals(1, lines.size(), log);
        String line = lines.get(0);
        assertTrue(line.contains("datakit sink") && line.contains("logging") && line.contains("input 'demo'")
                && line.contains("invalid field format at line 1") && line.contains("HTTP 400"), line);
        assertTrue(sink.deliveryStatus().destinations().get(0).lastError().contains("datakit.invalidLinePoint"));
    }

    @Test
    void anOutageUnderSteadyLoadLosesNothingAndKeepsEachJobsOrder() throws Exception {
        DataKitSink sink = sink("flushIntervalMillis", 50L, "retries", 2);
        AtomicBoolean running = new AtomicBoolean(true);
        int jobs = 3;
        AtomicInteger[] produced = new AtomicInteger[jobs];
        List<Thread> producers = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            String job = "j" + j;
            AtomicInteger count = produced[j] = new AtomicInteger();
            Thread producer = new Thread(() -> {
                while (running.get()) {
                    int seq = count.get();
                    sink.deliver(result("load", job, List.of(batch(PointCategory.METRIC, "load", false,
                            sequence(job, seq, 1)))));
                    count.incrementAndGet();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "producer-" + job);
            producers.add(producer);
            producer.start();
        }
        try {
            await("some delivered", () -> datakit.acceptedPoints() > 30);
            datakit.stop();
            await("DataKit seen down", () -> !sink.deliveryStatus().destinations().get(0).reachable());
            long down = System.nanoTime();
            await("points spooled while down", () -> sink.deliveryStatus().totals().spooled() > 100
                    && System.nanoTime() - down > 1_500_000_000L);
            datakit.start();
            await("DataKit seen up", () -> sink.deliveryStatus().destinations().get(0).reachable());
            int before = datakit.acceptedPoints();
            await("new data after the outage", () -> datakit.acceptedPoints() > before + 100);
        } finally {
            running.set(false);
            for (Thread producer : producers) {
                producer.join();
            }
        }
        int total = Arrays.stream(produced).mapToInt(AtomicInteger::get).sum();
        await("everything sent", () -> sink.deliveryStatus().totals().sent() == total);

        Map<String, List<Integer>> arrival = new HashMap<>();
        Pattern seq = Pattern.compile("job=(j\\d) seq=(\\d+)i");
        for (FakeDataKit.Request request : datakit.accepted()) {
            for (String line : request.lines()) {
                Matcher matcher = seq.matcher(line);
                assertTrue(matcher.find(), line);
                arrival.computeIfAbsent(matcher.group(1), key -> new ArrayList<>())
                        .add(Integer.parseInt(matcher.group(2)));
            }
        }
        for (int j = 0; j < jobs; j++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < produced[j].get(); i++) {
                expected.add(i);
            }
            assertEquals(expected, arrival.get("j" + j), "job j" + j + ": every point, once, in order");
        }
        assertEquals(total, INFLUXD.points(datakit.database("metric")).size());
        DeliveryStatus.Counters counters = sink.deliveryStatus().totals();
        assertEquals(total, counters.sent());
        assertEquals(0, counters.dropped());
        assertEquals(0, counters.failed());
        assertTrue(counters.spooled() > 100, counters.toString());
        assertTrue(datakit.pings() > 0, "recovery was noticed by GET /v1/ping");
    }

    @Test
    void memoryOverflowingIntoTheSpoolWhileABatchIsOnItsWayKeepsOrderWithoutRepeats() {
        datakit.delay(java.time.Duration.ofMillis(20));
        DataKitSink sink = sink("batchMaxPoints", 5, "queueMaxBytes", 200L, "flushIntervalMillis", 60_000L);

        for (int start = 0; start < 200; start += 5) {
            sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", start, 5)))));
        }

        await("all sent", () -> sink.deliveryStatus().totals().sent() == 200);
        assertEquals(range(0, 200), sequenceNumbers(datakit.accepted()));
        DeliveryStatus.Counters counters = sink.deliveryStatus().totals();
        assertTrue(counters.spooled() > 0, counters.toString());
        assertEquals(0, counters.dropped());
    }

    @Test
    void aFullSpoolDropsTheOldestPointsAndCountsExactlyHowMany() throws Exception {
        datakit.stop();
        DataKitSink sink = sink("spoolMaxBytes", 8192L, "batchMaxPoints", 10, "retries", 0, "queueMaxBytes", 0L);
        int total = 400;
        String log = capturingStderr(() -> {
            for (int start = 0; start < total; start += 10) {
                sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false,
                        sequence("j", start, 10)))));
            }
            await("everything on disk or dropped", () -> {
                DeliveryStatus.DestinationStatus status = sink.deliveryStatus().destinations().get(0);
                return status.queuedPoints() == 0 && status.spooledPoints() + status.counters().dropped() == total;
            });
        });
        long dropped = sink.deliveryStatus().totals().dropped();
        assertTrue(dropped > 0 && dropped < total, dropped + " dropped");
        assertTrue(sink.deliveryStatus().destinations().get(0).spooledBytes() <= 8192);
        assertTrue(log.contains("is full") && log.contains("dropped the"), log);

        datakit.start();
        await("the spool replayed", () -> sink.deliveryStatus().destinations().get(0).spooledPoints() == 0
                && sink.deliveryStatus().totals().sent() == total - dropped);

        assertEquals(range((int) dropped, total), sequenceNumbers(datakit.accepted()),
                "the oldest were dropped, the rest arrived in order");
    }

    // ---- lifecycle ----

    @Test
    void whatCouldNotBeSentIsSpooledOnDeactivationAndSentByTheNextActivation() throws Exception {
        datakit.stop();
        DataKitSink first = sink("flushIntervalMillis", 20L, "retries", 0);
        first.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 20)))));
        first.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 20, 10)))));
        deactivate(first);
        assertEquals(30, first.deliveryStatus().destinations().get(0).spooledPoints());

        datakit.start();
        DataKitSink second = sink();
        await("replayed", () -> second.deliveryStatus().totals().sent() == 30);
        List<String> lines = new ArrayList<>();
        datakit.accepted().forEach(request -> lines.addAll(request.lines()));
        for (int i = 0; i < 30; i++) {
            assertTrue(lines.get(i).contains("seq=" + i + "i"), lines.get(i));
        }
    }

    @Test
    void pointsLineProtocolCannotCarryGoAsJsonInTheirPlaceInTheJobsOrder() {
        DataKitSink sink = sink("flushIntervalMillis", 20L);
        Point windows = point("disk", tags("path", "C:\\Users\\", "job", "j"), fields("seq", 1L, "free", 2.5), BASE + 1);
        Point comment = point("#hash", tags("job", "j"), fields("seq", 3L), BASE + 3);
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 1)[0], windows,
                point("load", tags("job", "j"), fields("seq", 2L), BASE + 2), comment))));
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false,
                point("load", tags("job", "j"), fields("seq", 4L), BASE + 4)))));

        await("all sent", () -> sink.deliveryStatus().totals().sent() == 5);
        List<FakeDataKit.Request> requests = datakit.accepted();
        assertEquals(List.of(false, true, false, true, false), requests.stream().map(FakeDataKit.Request::json).toList(),
                "one request per run of one encoding, in order");
        assertEquals(List.of(PythonJson.expected("disk", windows.tags(), windows.fields(), BASE + 1)),
                requests.get(1).lines());
        assertEquals(List.of(PythonJson.expected("#hash", comment.tags(), comment.fields(), BASE + 3)),
                requests.get(3).lines());
        assertEquals("in", requests.get(1).query().get("input"));
        assertEquals(List.of(), datakit.invalidBodies());
        assertEquals(0, sink.deliveryStatus().totals().failed());
    }

    @Test
    void aSpooledJsonBatchIsReplayedAsJson() throws Exception {
        datakit.stop();
        DataKitSink first = sink("flushIntervalMillis", 20L, "retries", 0);
        Point windows = point("disk", tags("path", "D:\\"), fields("seq", 7L), BASE);
        first.deliver(result("m", "j", List.of(batch(PointCategory.LOGGING, "in", true, windows))));
        first.deliver(result("m", "j", List.of(batch(PointCategory.LOGGING, "in", true, sequence("j", 8, 1)))));
        deactivate(first);
        assertEquals(2, first.deliveryStatus().destinations().get(0).spooledPoints());

        datakit.start();
        DataKitSink second = sink();
        await("replayed", () -> second.deliveryStatus().totals().sent() == 2);
        List<FakeDataKit.Request> requests = datakit.accepted();
        assertEquals(List.of(true, false), requests.stream().map(FakeDataKit.Request::json).toList());
        assertEquals(List.of(PythonJson.expected("disk", windows.tags(), windows.fields(), BASE)),
                requests.get(0).lines());
        assertEquals("logging", requests.get(0).category());
        assertEquals("true", requests.get(0).query().get("ignore_global_host_tags"));
    }

    @Test
    void deactivationIsBoundedWhenDataKitHangsAndKeepsWhatItHeld() {
        datakit.delay(java.time.Duration.ofSeconds(20));
        DataKitSink sink = sink("shutdownTimeoutMillis", 300L, "requestTimeoutMillis", 20_000L);
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 5)))));
        await("a request hangs", () -> sink.deliveryStatus().destinations().get(0).queuedPoints() == 5
                && senderInsideHttpCall());
        long start = System.nanoTime();

        deactivate(sink);

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 2000, "deactivation took " + tookMillis + " ms");
        assertEquals(5, sink.deliveryStatus().destinations().get(0).spooledPoints(), "the batch on its way is kept");
        assertEquals(List.of(), ours());
    }

    // the sender is inside an HTTP call: its thread waits on the response
    private static boolean senderInsideHttpCall() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("terrarium-datakit-sender"))
                .anyMatch(entry -> Arrays.stream(entry.getValue())
                        .anyMatch(frame -> frame.getClassName().contains("HttpClientImpl")));
    }

    @Test
    void aChangedUrlAndFlushIntervalApplyWithoutLosingQueuedPoints() throws IOException {
        FakeDataKit other = new FakeDataKit(INFLUXD, datakit.database("moved"));
        others.add(other);
        DataKitSink sink = sink("flushIntervalMillis", 60_000L);
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 5)))));
        assertEquals(5, sink.deliveryStatus().destinations().get(0).queuedPoints());

        sink.modified(config("url", other.url().toString(), "flushIntervalMillis", 50L));

        await("moved", () -> sink.deliveryStatus().totals().sent() == 5);
        assertEquals(0, datakit.requests().size());
        assertEquals(other.url().toString(), sink.deliveryStatus().url());
    }

    @Test
    void noThreadOutlivesDeactivation() throws IOException {
        FakeDataKit other = new FakeDataKit(INFLUXD, datakit.database("threads"));
        others.add(other);
        DataKitSink sink = sink();
        sink.deliver(result("m", "j", List.of(batch(PointCategory.METRIC, "in", false, sequence("j", 0, 3)),
                new PointBatch(PointCategory.METRIC, "in", false, other.url().toString(),
                        List.of(point("m", tags(), fields("v", 1L), BASE))))));
        await("sent", () -> sink.deliveryStatus().totals().sent() == 4);
        assertFalse(ours().isEmpty());

        deactivate(sink);

        assertEquals(List.of(), ours());
    }

    // ---- helpers ----

    private static List<String> ours() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("terrarium-datakit")).toList();
    }

    private DataKitSinkConfig config(Object... overrides) {
        List<Object> values = new ArrayList<>(List.of("url", datakit.url().toString(), "flushIntervalMillis", 50L,
                "retryInitialMillis", 20L, "retryMaxMillis", 200L, "pingIntervalMillis", 100L,
                "connectTimeoutMillis", 1000L, "requestTimeoutMillis", 3000L, "shutdownTimeoutMillis", 3000L));
        values.addAll(List.of(overrides));
        return Configs.datakit(values.toArray());
    }

    private DataKitSink sink(Object... overrides) {
        DataKitSink sink = new DataKitSink("datakit", spool, config(overrides));
        sinks.add(sink);
        return sink;
    }

    private void deactivate(DataKitSink sink) {
        sinks.remove(sink);
        sink.deactivate();
    }

    private static CollectionResult result(String module, String job, List<PointBatch> batches) {
        return new CollectionResult(new JobId(module, job), module + "_" + job, Instant.now(), List.of(), List.of(),
                batches, null);
    }

    private static PointBatch batch(PointCategory category, String input, boolean ignoreGlobalTags, Point... points) {
        return new PointBatch(category, input, ignoreGlobalTags, null, List.of(points));
    }

    private static Point[] sequence(String job, int from, int count) {
        Point[] points = new Point[count];
        for (int i = 0; i < count; i++) {
            int seq = from + i;
            points[i] = point("load", tags("job", job), fields("seq", (long) seq), BASE + seq * 1000L);
        }
        return points;
    }

    private static Point point(String measurement, Map<String, String> tags, Map<String, Object> fields, long time) {
        return new Point(measurement, tags, fields, time);
    }

    static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    private static Chart chart(String type, String id, String context, String... dimensions) {
        List<Dimension> dims = new ArrayList<>();
        for (String dimension : dimensions) {
            dims.add(new Dimension(dimension, dimension, "absolute", 1, 1, false, false));
        }
        return new Chart(type, id, "", "A chart", "units", "family", context, "line", 60000, 1, "", "example",
                List.of(), dims);
    }

    private static List<Influxd.Stored> stored(List<Point> points) {
        List<Influxd.Stored> stored = new ArrayList<>();
        points.forEach(point -> stored.add(Influxd.Stored.of(point)));
        stored.sort(Comparator.comparing(Influxd.Stored::measurement).thenComparingLong(Influxd.Stored::time));
        return stored;
    }

    private static List<Integer> sequenceNumbers(List<FakeDataKit.Request> requests) {
        List<Integer> numbers = new ArrayList<>();
        Pattern seq = Pattern.compile("seq=(\\d+)i");
        for (FakeDataKit.Request request : requests) {
            for (String line : request.lines()) {
                Matcher matcher = seq.matcher(line);
                assertTrue(matcher.find(), line);
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return numbers;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static List<Integer> lineCounts(List<FakeDataKit.Request> requests) {
        return requests.stream().map(request -> request.lines().size()).toList();
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "; DataKit answered "
                        + datakit.requests().stream().map(r -> r.category() + " " + r.status()).toList()
                        + ", influxd refused " + datakit.invalidBodies());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Runs {@code action} with stderr (where slf4j-simple logs) copied into the returned text. */
    private static String capturingStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }
}
