package io.terrarium.sink.prometheus.internal;

import static io.terrarium.sink.prometheus.internal.Results.absolute;
import static io.terrarium.sink.prometheus.internal.Results.charts;
import static io.terrarium.sink.prometheus.internal.Results.point;
import static io.terrarium.sink.prometheus.internal.Results.points;
import static io.terrarium.sink.prometheus.internal.Results.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.PointCategory;

/** DataKit points as Prometheus series, every scrape judged by promtool and the Python parser. */
class PointSeriesTest extends SinkFixture {

    private static final JobId UPTIME = new JobId("uptime", "Uptime");

    @Test
    void numericAndBooleanFieldsBecomeUntypedSeriesAndStringFieldsAreLeftOut() {
        PrometheusSink sink = start();
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("host_uptime", List.of("host", "box", "os", "linux"),
                "seconds", 3600L, "load", 0.75, "up", true, "degraded", false, "version", "6.1")));

        Judges.Scrape scrape = Judges.judgeClean(Scraper.scrape(sink));

        Map<String, String> labels = Map.of("job", "Uptime", "module", "uptime", "host", "box", "os", "linux");
        assertEquals(3600, scrape.value("host_uptime_seconds", labels));
        assertEquals(0.75, scrape.value("host_uptime_load", labels));
        assertEquals(1, scrape.value("host_uptime_up", labels));
        assertEquals(0, scrape.value("host_uptime_degraded", labels));
        assertEquals(4, scrape.all().size(), scrape::body);
        assertEquals("unknown", scrape.familyOf("host_uptime_seconds").type());
        assertEquals("DataKit measurement host_uptime, field seconds", scrape.familyOf("host_uptime_seconds").help());
    }

    @Test
    void nonFiniteValuesAreWrittenAsNaNAndSignedInfinities() {
        PrometheusSink sink = start();
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("odd", List.of(), "nan", Double.NaN,
                "inf", Double.POSITIVE_INFINITY, "ninf", Double.NEGATIVE_INFINITY, "tiny", 1.5e-300, "big", 1e300)));

        Judges.Scrape scrape = Judges.judgeClean(Scraper.scrape(sink));

        Map<String, String> labels = Map.of("job", "Uptime", "module", "uptime");
        assertTrue(Double.isNaN(scrape.value("odd_nan", labels)));
        assertEquals(Double.POSITIVE_INFINITY, scrape.value("odd_inf", labels));
        assertEquals(Double.NEGATIVE_INFINITY, scrape.value("odd_ninf", labels));
        assertEquals(1.5e-300, scrape.value("odd_tiny", labels));
        assertEquals(1e300, scrape.value("odd_big", labels));
        assertTrue(scrape.body().contains("odd_nan{job=\"Uptime\",module=\"uptime\"} NaN\n"), scrape::body);
        assertTrue(scrape.body().contains(" +Inf\n") && scrape.body().contains(" -Inf\n"), scrape::body);
    }

    @Test
    void onlyMetricPointsAreServedByDefault() {
        PrometheusSink sink = start();
        sink.deliver(points(UPTIME, PointCategory.OBJECT, point("host", List.of("name", "box"), "cpus", 4L)));
        sink.deliver(points(UPTIME, PointCategory.LOGGING, point("syslog", List.of(), "count", 1L)));
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of(), "usage", 5L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(List.of("cpu_usage"), scrape.all().stream().map(Judges.Sample::name).toList());
    }

    @Test
    void otherConfiguredCategoriesCarryACategoryLabel() {
        PrometheusSink sink = start("pointCategories", new String[] { "metric", "object" });
        sink.deliver(points(UPTIME, PointCategory.OBJECT, point("host", List.of("name", "box"), "cpus", 4L)));
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of(), "usage", 5L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(4, scrape.value("host_cpus", Map.of("job", "Uptime", "module", "uptime", "category", "object",
                "name", "box")));
        assertEquals(5, scrape.value("cpu_usage", Map.of("job", "Uptime", "module", "uptime")));
    }

    @Test
    void tagsNamedJobModuleOrCategoryKeepTheirValuesUnderAnExportedName() {
        PrometheusSink sink = start("pointCategories", new String[] { "object" });
        sink.deliver(points(UPTIME, PointCategory.OBJECT, point("svc", List.of("job", "nginx", "module", "web",
                "category", "c", "__meta", "m"), "up", true)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(List.of(Map.of("job", "Uptime", "module", "uptime", "category", "object", "exported_job", "nginx",
                "exported_module", "web", "exported_category", "c", "exported___meta", "m")),
                scrape.samples("svc_up").stream().map(Judges.Sample::labels).toList());
    }

    @Test
    void hostileMeasurementsFieldsAndTagsBecomeValidNamesWithValuesUnchanged() {
        String value = "q\"uote \\back\\ new\nline ünï 𝄞";
        PrometheusSink sink = start();
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("9 disk.io/s", List.of("dev-name", value,
                "mount point", "/"), "read bytes", 10L, "ops:count", 2L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        Map<String, String> labels = Map.of("job", "Uptime", "module", "uptime", "dev_name", value, "mount_point", "/");
        assertEquals(10, scrape.value("_9_disk_io_s_read_bytes", labels));
        assertEquals(2, scrape.value("_9_disk_io_s_ops_count", labels));
    }

    @Test
    void theSameSeriesTwiceInOneResultKeepsTheLaterValue() {
        PrometheusSink sink = start();
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of("core", "0"), "usage", 1L),
                point("cpu", List.of("core", "0"), "usage", 2L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(List.of(2.0), scrape.samples("cpu_usage").stream().map(Judges.Sample::value).toList());
    }

    @Test
    void pointsNotUpdatedForExpireSecondsDisappear() {
        PrometheusSink sink = start("expireSeconds", 300L);
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of("core", "0"), "usage", 1L),
                point("cpu", List.of("core", "1"), "usage", 1L)));
        advanceSeconds(200);
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of("core", "1"), "usage", 2L)));
        advanceSeconds(99);
        assertEquals(List.of("0", "1"), cores(Scraper.judged(sink)));
        assertEquals(2, sink.status().queued());

        advanceSeconds(1); // core 0: 300 s without an update
        assertEquals(List.of("1"), cores(Scraper.judged(sink)));
        assertEquals(1, sink.status().queued());

        advanceSeconds(200);
        assertEquals("", Scraper.scrape(sink));
        assertEquals(0, sink.status().queued());
    }

    @Test
    void chartsUpdatedLessOftenThanTheExpiryLiveForTwoOfTheirIntervals() {
        Chart slow = new Chart("hostinfo_local", "slow", "", "Slow", "n", "slow", "hostinfo.slow", "line", 1, 600, "",
                "hostinfo", List.of(), List.of(absolute("x", "x")));
        PrometheusSink sink = start("expireSeconds", 300L);
        sink.deliver(charts(LOCAL, update(slow, "x", 1L)));

        advanceSeconds(1199);
        assertEquals(1, Scraper.judged(sink).all().size());
        advanceSeconds(1);
        assertEquals("", Scraper.scrape(sink));
    }

    @Test
    void expireSecondsZeroKeepsSeriesForever() {
        PrometheusSink sink = start("expireSeconds", 0L);
        sink.deliver(points(UPTIME, PointCategory.METRIC, point("cpu", List.of(), "usage", 1L)));
        advanceSeconds(365L * 24 * 3600);
        assertEquals(1, Scraper.judged(sink).all().size());
    }

    private static List<String> cores(Judges.Scrape scrape) {
        return scrape.samples("cpu_usage").stream().map(sample -> sample.labels().get("core")).sorted().toList();
    }
}
