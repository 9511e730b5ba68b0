package io.terrarium.sink.prometheus.internal;

import static io.terrarium.sink.prometheus.internal.Results.absolute;
import static io.terrarium.sink.prometheus.internal.Results.chart;
import static io.terrarium.sink.prometheus.internal.Results.charts;
import static io.terrarium.sink.prometheus.internal.Results.point;
import static io.terrarium.sink.prometheus.internal.Results.points;
import static io.terrarium.sink.prometheus.internal.Results.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/** The component: its server, configuration changes, counters, preview, concurrency and clean-up. */
class PrometheusSinkTest extends SinkFixture {

    private static final Chart LOAD = chart("hostinfo_local", "load", "hostinfo.load", "Load", "load", List.of(),
            absolute("load1", "load1"));

    @Test
    void theBoundAddressIsLoggedAndIsTheStatusTarget() {
        try (CapturedLog log = new CapturedLog()) {
            PrometheusSink sink = start();

            String target = sink.status().target();
            assertTrue(target.matches("http://127\\.0\\.0\\.1:\\d+/metrics"), target);
            assertNotEquals("http://127.0.0.1:0/metrics", target);
            assertEquals(1, log.lines("sink main: serving Prometheus metrics at " + target).size());
            assertEquals("ok", sink.status().state());
        }
    }

    @Test
    void anAddressChangeServesAtTheNewAddressAndClosesTheOldOne() throws Exception {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        String before = sink.status().target();

        sink.modified(Configs.prometheus("address", "localhost:0"), Configs.factoryProperties("main"));

        String after = sink.status().target();
        assertNotEquals(before, after);
        assertEquals(1, Scraper.judged(sink).all().size()); // the series moved along
        assertThrows(ConnectException.class, () -> Scraper.get(before));
    }

    @Test
    void anAddressInUseOnChangeLogsOneLineAndKeepsServingTheOldAddress() throws Exception {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        String before = sink.status().target();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                CapturedLog log = new CapturedLog()) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            sink.modified(Configs.prometheus("address", address), Configs.factoryProperties("main"));

            List<String> lines = log.lines("sink main: cannot listen on " + address);
            assertEquals(1, lines.size(), () -> String.join("\n", log.lines("sink main")));
            assertTrue(lines.get(0).contains("still serving at " + before), lines.get(0));
            assertEquals(before, sink.status().target());
            assertEquals("ok", sink.status().state());
            assertEquals(1, Scraper.judged(sink).all().size());

            // once the port is free, the same configuration again binds it
            int port = taken.getLocalPort();
            taken.close();
            sink.modified(Configs.prometheus("address", address), Configs.factoryProperties("main"));
            assertEquals("http://127.0.0.1:" + port + "/metrics", sink.status().target());
            assertEquals(1, Scraper.judged(sink).all().size());
            assertThrows(ConnectException.class, () -> Scraper.get(before));
        }
    }

    @Test
    void anAddressInUseAtActivationLogsOneLineAndTheStatusSaysFailed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                CapturedLog log = new CapturedLog()) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            PrometheusSink sink = start("address", address);

            List<String> lines = log.lines("sink main: cannot listen on " + address);
            assertEquals(1, lines.size(), () -> String.join("\n", log.lines("sink main")));
            assertTrue(lines.get(0).contains("address already in use"), lines.get(0));
            assertTrue(lines.get(0).contains("not serving until the address is changed"), lines.get(0));
            assertEquals("failed", sink.status().state());
            assertEquals("http://" + address + "/metrics", sink.status().target());

            sink.modified(Configs.prometheus(), Configs.factoryProperties("main"));
            assertEquals("ok", sink.status().state());
            assertEquals("", Scraper.scrape(sink));
        }
    }

    @Test
    void takingAnotherSpellingOfTheSamePortHandsThePortOver() {
        PrometheusSink sink = start();
        int port = URI.create(sink.status().target()).getPort();

        sink.modified(Configs.prometheus("address", "localhost:" + port), Configs.factoryProperties("main"));

        assertEquals("ok", sink.status().state());
        assertEquals(port, URI.create(sink.status().target()).getPort());
        assertEquals("", Scraper.scrape(sink));
    }

    @Test
    void deactivateEndsTheServerAndEveryThreadItStarted() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        String target = sink.status().target();
        for (int i = 0; i < 3; i++) {
            Scraper.scrape(sink);
        }
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> !thread.getName().startsWith("HttpClient-")) // the test's client
                .toList();
        Set<String> names = started.stream().map(Thread::getName).collect(Collectors.toSet());
        assertTrue(names.contains("terrarium-prometheus-main-1"), names::toString);
        assertTrue(names.contains("HTTP-Dispatcher"), names::toString);

        sink.deactivate();

        for (Thread thread : started) {
            if (thread.getName().startsWith("terrarium-prometheus-") || thread.getName().equals("HTTP-Dispatcher")) {
                assertFalse(thread.isAlive(), thread.getName() + " is still alive after deactivate");
            }
        }
        await("every thread the sink started has ended: " + started, () -> started.stream().noneMatch(Thread::isAlive));
        assertEquals("closed", sink.status().state());
        assertThrows(ConnectException.class, () -> Scraper.get(target));
    }

    @Test
    void aChangedPathAppliesAtOnce() throws Exception {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        String old = sink.status().target();

        sink.modified(Configs.prometheus("address", URI.create(old).getAuthority(), "path", "/prom"),
                Configs.factoryProperties("main"));

        assertTrue(sink.status().target().endsWith("/prom"), sink.status().target());
        assertEquals(old.replace("/metrics", "/prom"), sink.status().target());
        assertEquals(1, Scraper.judged(sink).all().size());
        assertEquals(404, Scraper.get(old).statusCode());
        HttpResponse<String> root = Scraper.get(old.replace("/metrics", "/"));
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains("metrics are at /prom"), root.body());
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        PrometheusSink sink = start();
        URI uri = URI.create(sink.status().target());

        HttpResponse<String> post = Scraper.CLIENT.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> head = Scraper.CLIENT.send(HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertEquals(200, head.statusCode());
        assertEquals(TextExposition.CONTENT_TYPE, head.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void theBodyIsGzippedWhenTheScraperAcceptsIt() throws Exception {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));

        HttpResponse<byte[]> response = Scraper.CLIENT.send(HttpRequest.newBuilder(URI.create(sink.status().target()))
                .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""));
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(Scraper.scrape(sink), body);
        assertEquals(1, Judges.judgeClean(body).all().size());
    }

    @Test
    void statusCountsResultsScrapesAndSeries() {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        sink.deliver(points(new JobId("uptime", "Uptime"), PointCategory.METRIC,
                point("cpu", List.of("core", "0"), "usage", 1L, "idle", 2L)));
        Scraper.scrape(sink);
        Scraper.scrape(sink);

        SinkStatus status = sink.status();
        assertEquals(new SinkStatus("ok", status.target(), 2, 2, 0, 0, 3, 0), status);
    }

    @Test
    void previewShowsWhatOneResultContributesAndChangesNothing() {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
        String scrapeBefore = Scraper.scrape(sink);
        SinkStatus statusBefore = sink.status();
        CollectionResult other = points(new JobId("uptime", "Uptime"), PointCategory.METRIC,
                point("cpu", List.of("core", "0"), "usage", 1L));

        String preview = sink.preview(other);

        Judges.Scrape judged = Judges.judgeClean(preview);
        assertEquals(List.of("cpu_usage"), judged.all().stream().map(Judges.Sample::name).toList());
        assertEquals(scrapeBefore, Scraper.scrape(sink));
        assertEquals(statusBefore.received(), sink.status().received());
        assertEquals(statusBefore.queued(), sink.status().queued());
    }

    @Test
    void aScrapeSeesEachResultWholeWhileJobsDeliverConcurrently() throws Exception {
        PrometheusSink sink = start();
        Scraper.scrape(sink); // the test's HTTP client warms up before the cores get busy
        List<Dimension> dimensions = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            dimensions.add(absolute("d" + d, "d" + d));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService jobs = Executors.newFixedThreadPool(3);
        List<String> bodies = new ArrayList<>();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                JobId job = new JobId("gen", "job" + j);
                Chart chart = new Chart("gen_job" + j, "c", "", "Gen", "", "c", "gen.c", "line", 1, 1, "", "gen",
                        List.of(), dimensions);
                running.add(jobs.submit(() -> {
                    for (long generation = 1; !stop.get(); generation++) {
                        sink.deliver(generation(job, chart, dimensions, generation));
                        Thread.yield(); // leaves the scrapes some of the two cores
                    }
                }));
            }
            await("every job delivered", () -> sink.status().queued() == 3 * 60);
            for (int scrape = 0; scrape < 6; scrape++) {
                bodies.add(Scraper.scrape(sink));
            }
            stop.set(true);
            for (Future<?> job : running) {
                job.get(30, TimeUnit.SECONDS); // rethrows what a delivery threw
            }
        } finally {
            stop.set(true);
            jobs.shutdownNow();
            assertTrue(jobs.awaitTermination(30, TimeUnit.SECONDS));
        }
        // judged once the deliveries are over: the parsers need not compete with them
        Set<Double> generations = new HashSet<>();
        for (String body : bodies) {
            Judges.Scrape judged = Judges.judge(body);
            Map<String, Set<Double>> valuesPerJob = judged.all().stream().collect(Collectors.groupingBy(
                    sample -> sample.labels().get("job"), Collectors.mapping(Judges.Sample::value,
                            Collectors.toSet())));
            assertEquals(3, valuesPerJob.size(), judged::body);
            valuesPerJob.forEach((job, values) -> assertEquals(1, values.size(),
                    () -> "job " + job + " shows values of several results: " + values));
            assertEquals(3 * 60, judged.all().size());
            valuesPerJob.values().forEach(generations::addAll);
        }
        assertTrue(generations.size() > 1, "the scrapes all saw the same results: nothing ran concurrently");
    }

    /** One result of a job whose every chart dimension and point holds the same number, the generation. */
    private static CollectionResult generation(JobId job, Chart chart, List<Dimension> dimensions, long generation) {
        Object[] values = new Object[dimensions.size() * 2];
        for (int d = 0; d < dimensions.size(); d++) {
            values[2 * d] = "d" + d;
            values[2 * d + 1] = generation;
        }
        List<Point> generationPoints = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            generationPoints.add(point("gen", List.of("p", "p" + p), "value", generation));
        }
        return new CollectionResult(job, "gen_" + job.job(), Instant.now(), List.of(update(chart, values)), List.of(),
                List.of(new PointBatch(PointCategory.METRIC, "gen", false, null, generationPoints)), null);
    }

    @Test
    void newSeriesBeyondMaxSeriesAreRefusedCountedAndLoggedOnce() {
        try (CapturedLog log = new CapturedLog()) {
            PrometheusSink sink = start("maxSeries", 5);
            sink.deliver(points(new JobId("m", "a"), PointCategory.METRIC, point("x", List.of(), "f1", 1L, "f2", 1L,
                    "f3", 1L)));
            CollectionResult four = points(new JobId("m", "b"), PointCategory.METRIC, point("y", List.of(), "f1", 1L,
                    "f2", 2L, "f3", 3L, "f4", 4L));
            sink.deliver(four);
            sink.deliver(points(new JobId("m", "b"), PointCategory.METRIC, point("y", List.of(), "f1", 10L,
                    "f2", 20L, "f3", 30L, "f4", 40L)));

            Judges.Scrape scrape = Scraper.judged(sink);
            assertEquals(5, scrape.all().size(), scrape::body);
            assertEquals(20, scrape.value("y_f2", Map.of("job", "b", "module", "m"))); // held series still update
            assertEquals(4, sink.status().dropped());
            assertEquals(5, sink.status().queued());
            List<String> lines = log.lines("sink main: holding 5 series (maxSeries 5): refused 2 new series of job m/b");
            assertEquals(1, lines.size(), () -> String.join("\n", log.lines("sink main")));
        }
    }

    @Test
    void aRefusedConfigurationLogsOneLineAndServesOnceCorrected() {
        try (CapturedLog log = new CapturedLog()) {
            PrometheusSink sink = start("path", "metrics");

            assertEquals(1, log.lines("sink main: configuration refused: path 'metrics' is not a URL path").size());
            assertEquals("failed", sink.status().state());
            sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
            assertEquals(0, sink.status().received());

            sink.modified(Configs.prometheus("expireSeconds", -1L), Configs.factoryProperties("main"));
            assertEquals(1, log.lines("sink main: configuration refused: expireSeconds -1 is negative; keeping the "
                    + "previous one").size());

            sink.modified(Configs.prometheus(), Configs.factoryProperties("main"));
            sink.deliver(charts(LOCAL, update(LOAD, "load1", 5L)));
            assertEquals("ok", sink.status().state());
            assertEquals(1, Scraper.judged(sink).all().size());
        }
    }

    @Test
    void twoFactoryConfigurationsServeSideBySide() {
        PrometheusSink a = startNamed("a");
        PrometheusSink b = startNamed("b");
        a.deliver(charts(LOCAL, update(LOAD, "load1", 1L)));
        b.deliver(points(new JobId("uptime", "Uptime"), PointCategory.METRIC, point("cpu", List.of(), "usage", 2L)));

        assertNotEquals(a.status().target(), b.status().target());
        assertEquals(List.of("terrarium_hostinfo_load"), Scraper.judged(a).all().stream().map(Judges.Sample::name)
                .toList());
        assertEquals(List.of("cpu_usage"), Scraper.judged(b).all().stream().map(Judges.Sample::name).toList());
        Set<String> threads = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> threads.add(thread.getName()));
        assertTrue(threads.contains("terrarium-prometheus-a-1") && threads.contains("terrarium-prometheus-b-1"),
                threads::toString);
    }

    @Test
    void aNamingChangeDropsSeriesNamedTheOldWay() {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 1L)));
        String authority = URI.create(sink.status().target()).getAuthority();

        sink.modified(Configs.prometheus("address", authority, "metricPrefix", "netdata_"),
                Configs.factoryProperties("main"));
        assertEquals("", Scraper.scrape(sink));

        sink.deliver(charts(LOCAL, update(LOAD, "load1", 1L)));
        assertEquals(List.of("netdata_hostinfo_load"), Scraper.judged(sink).all().stream().map(Judges.Sample::name)
                .toList());
    }

    @Test
    void theNameComesFromTheConfigurationWhenItHasOne() throws IOException {
        try (CapturedLog log = new CapturedLog()) {
            PrometheusSink sink = new PrometheusSink(Configs.prometheus(), Map.of("name", "scrapeme", "service.pid",
                    "io.terrarium.sink.prometheus~x"), clock::get);
            try {
                assertEquals(1, log.lines("sink scrapeme: serving Prometheus metrics at").size());
            } finally {
                sink.deactivate();
            }
        }
    }
}
