package io.terrarium.sink.prometheus.internal;

import static io.terrarium.sink.prometheus.internal.Results.absolute;
import static io.terrarium.sink.prometheus.internal.Results.chart;
import static io.terrarium.sink.prometheus.internal.Results.charts;
import static io.terrarium.sink.prometheus.internal.Results.dimension;
import static io.terrarium.sink.prometheus.internal.Results.incremental;
import static io.terrarium.sink.prometheus.internal.Results.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.Dimension;

/** python.d charts as Prometheus series, every scrape judged by promtool and the Python parser. */
class ChartSeriesTest extends SinkFixture {

    private static final Chart LOAD = chart("hostinfo_local", "load", "hostinfo.load", "System Load Average", "load",
            List.of("source", "proc"), dimension("load1", "absolute", 1, 100), dimension("load5", "absolute", 1, 100));

    @Test
    void absoluteDimensionsAreGaugesWithChartFamilyDimensionJobModuleAndChartLabels() {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 123L, "load5", 250L)));

        Judges.Scrape scrape = Judges.judgeClean(Scraper.scrape(sink));

        Judges.Family family = scrape.familyOf("terrarium_hostinfo_load");
        assertEquals("gauge", family.type());
        assertEquals("System Load Average (load)", family.help());
        assertEquals(1.23, scrape.value("terrarium_hostinfo_load", Map.of("chart", "hostinfo_local.load",
                "family", "load", "dimension", "load1", "job", "local", "module", "hostinfo", "source", "proc")));
        assertEquals(2.5, scrape.value("terrarium_hostinfo_load", Map.of("chart", "hostinfo_local.load",
                "family", "load", "dimension", "load5", "job", "local", "module", "hostinfo", "source", "proc")));
        assertEquals(2, scrape.all().size(), scrape::body);
    }

    @Test
    void incrementalDimensionsAreCountersNamedTotalHoldingTheScaledRawCounter() {
        // Netdata mirrors "sent" below the axis with a negative multiplier; a counter must keep growing
        Chart net = chart("hostinfo_local", "net", "hostinfo.net", "Traffic", "kilobits/s", List.of(),
                dimension("received", "incremental", 8, 1000), dimension("sent", "incremental", -8, 1000));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(net, "received", 1_000_000L, "sent", 250L)));

        Judges.Scrape scrape = Judges.judgeClean(Scraper.scrape(sink));

        assertEquals("counter", scrape.familyOf("terrarium_hostinfo_net_total").type());
        assertEquals(8000, value(scrape, "terrarium_hostinfo_net_total", "received"));
        assertEquals(2, value(scrape, "terrarium_hostinfo_net_total", "sent"));
    }

    @Test
    void absoluteDimensionsKeepTheSignOfTheirMultiplierAsNetdataShowsThem() {
        Chart swap = chart("hostinfo_local", "swap", "hostinfo.swap", "Swap", "MiB", List.of(),
                dimension("out", "absolute", -1, 1024));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(swap, "out", 3072L)));

        assertEquals(-3, value(Judges.judgeClean(Scraper.scrape(sink)), "terrarium_hostinfo_swap", "out"));
    }

    @Test
    void aDimensionNameIsTheLabelUnlessIdsAreConfigured() {
        Chart cpu = chart("hostinfo_local", "cpu", "hostinfo.cpu", "CPU", "%", List.of(),
                new Dimension("cpu_user_ticks", "user", "absolute", 1, 1, false, false));

        PrometheusSink byName = startNamed("names");
        byName.deliver(charts(LOCAL, update(cpu, "cpu_user_ticks", 5L)));
        assertEquals(5, value(Scraper.judged(byName), "terrarium_hostinfo_cpu", "user"));

        PrometheusSink byId = startNamed("ids", "dimensionIds", true);
        byId.deliver(charts(LOCAL, update(cpu, "cpu_user_ticks", 5L)));
        assertEquals(5, value(Scraper.judged(byId), "terrarium_hostinfo_cpu", "cpu_user_ticks"));
    }

    @Test
    void hostileLabelValuesAndTitlesReachBothParsersUnchanged() {
        String[] hostile = { "say \"hi\"", "C:\\path\\", "two\nlines", "ünïcødé ☃ 𝄞 中文", "tab\tand\rreturn",
                "\\\"\\n", "}, x=\"y\"" };
        Chart chart = chart("hostinfo_local", "hostile", "hostinfo.hostile", "Title \"quoted\" \\ back\nslash",
                "u\\nits", List.of("q", hostile[0], "b", hostile[1], "n", hostile[2], "u", hostile[3],
                        "c", hostile[4], "e", hostile[5], "i", hostile[6]),
                absolute("d", hostile[2] + hostile[0]));
        JobId job = new JobId("hostinfo", "job \"with\" \\ odd\nname");
        PrometheusSink sink = start();
        sink.deliver(charts(job, update(chart, "d", 7L)));

        Judges.Scrape scrape = Scraper.judged(sink);

        Judges.Sample sample = scrape.samples("terrarium_hostinfo_hostile").get(0);
        assertEquals(Map.of("chart", "hostinfo_local.hostile", "family", "hostile", "dimension",
                hostile[2] + hostile[0], "job", job.job(), "module", "hostinfo", "q", hostile[0], "b", hostile[1],
                "n", hostile[2], "u", hostile[3], "c", hostile[4]), without(sample.labels(), "e", "i"));
        assertEquals(hostile[5], sample.labels().get("e"));
        assertEquals(hostile[6], sample.labels().get("i"));
        assertEquals(7, sample.value());
        assertEquals("Title \"quoted\" \\ back\nslash (u\\nits)", scrape.familyOf("terrarium_hostinfo_hostile").help());
    }

    @Test
    void hostileContextsAndLabelNamesBecomeValidNames() {
        Chart chart = chart("weird type", "id.with \"quotes\"", "9lives.ctx-name:µs/\"q\"", "t", "", List.of(
                "0digit", "a", "dotted.name", "b", "dash-name", "c", "__reserved", "d", "", "e", "ünï", "f"),
                absolute("x", "x"));
        PrometheusSink sink = start("metricPrefix", "");
        sink.deliver(charts(LOCAL, update(chart, "x", 1L)));

        Judges.Scrape scrape = Scraper.judged(sink);

        Judges.Sample sample = scrape.samples("_9lives_ctx_name__s__q_").get(0);
        assertEquals(Map.of("chart", "weird type.id.with \"quotes\"", "family", "id.with \"quotes\"", "dimension",
                "x", "job", "local", "module", "hostinfo", "_0digit", "a", "dotted_name", "b", "dash_name", "c",
                "exported___reserved", "d"), without(sample.labels(), "_", "_n_"));
        assertEquals("e", sample.labels().get("_"));
        assertEquals("f", sample.labels().get("_n_"));
    }

    @Test
    void aChartWithoutContextIsNamedAfterItsTypeAndId() {
        Chart chart = chart("example_local", "random", "", "Random", "n", List.of(), absolute("r", "r"));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(chart, "r", 4L)));

        assertEquals(4, value(Judges.judgeClean(Scraper.scrape(sink)), "terrarium_example_local_random", "r"));
    }

    @Test
    void chartLabelsNamedLikeTheSinksOwnKeepTheirValuesUnderAnExportedName() {
        Chart chart = chart("hostinfo_local", "clash", "hostinfo.clash", "t", "", List.of("job", "theirs",
                "module", "m", "chart", "c", "exported_job", "already", "dimension", "d"), absolute("x", "x"));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(chart, "x", 1L)));

        Judges.Sample sample = Scraper.judged(sink).samples("terrarium_hostinfo_clash").get(0);
        assertEquals(Map.of("chart", "hostinfo_local.clash", "family", "clash", "dimension", "x", "job", "local",
                "module", "hostinfo", "exported_job", "theirs", "exported_module", "m", "exported_chart", "c",
                "exported_exported_job", "already", "exported_dimension", "d"), sample.labels());
    }

    @Test
    void twoJobsOfTheSameModuleShareOneFamilyEachWithItsJobLabel() {
        Chart a = chart("hostinfo_a", "load", "hostinfo.load", "Load", "load", List.of(), absolute("load1", "load1"));
        Chart b = chart("hostinfo_b", "load", "hostinfo.load", "Load", "load", List.of(), absolute("load1", "load1"));
        Chart other = chart("hostinfo_a", "mem", "hostinfo.mem", "Memory", "MiB", List.of(), absolute("used", "used"));
        PrometheusSink sink = start();
        sink.deliver(charts(new JobId("hostinfo", "a"), update(a, "load1", 1L), update(other, "used", 9L)));
        sink.deliver(charts(new JobId("hostinfo", "b"), update(b, "load1", 2L)));

        Judges.Scrape scrape = Judges.judgeClean(Scraper.scrape(sink));

        assertEquals(List.of("terrarium_hostinfo_load", "terrarium_hostinfo_mem"),
                scrape.families().stream().map(Judges.Family::name).toList());
        assertEquals(1, scrape.value("terrarium_hostinfo_load", Map.of("chart", "hostinfo_a.load", "family", "load",
                "dimension", "load1", "job", "a", "module", "hostinfo")));
        assertEquals(2, scrape.value("terrarium_hostinfo_load", Map.of("chart", "hostinfo_b.load", "family", "load",
                "dimension", "load1", "job", "b", "module", "hostinfo")));
    }

    @Test
    void retiredChartsVanishAtOnce() {
        Chart mem = chart("hostinfo_local", "mem", "hostinfo.mem", "Memory", "MiB", List.of(), absolute("used", "used"));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 1L, "load5", 2L), update(mem, "used", 3L)));
        assertEquals(3, Scraper.judged(sink).all().size());

        sink.deliver(Results.retired(LOCAL, LOAD));
        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(List.of("terrarium_hostinfo_mem"), scrape.all().stream().map(Judges.Sample::name).toList());

        sink.deliver(charts(LOCAL, update(Results.obsolete(mem), "used", 4L)));
        assertEquals("", Scraper.scrape(sink));
    }

    @Test
    void anObsoleteDimensionVanishesWhileTheOthersStay() {
        Chart later = chart("hostinfo_local", "load", "hostinfo.load", "System Load Average", "load",
                List.of("source", "proc"), dimension("load1", "absolute", 1, 100),
                new Dimension("load5", "load5", "absolute", 1, 100, false, true));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 100L, "load5", 200L)));
        sink.deliver(charts(LOCAL, update(later, "load1", 300L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(1, scrape.all().size(), scrape::body);
        assertEquals(3, value(scrape, "terrarium_hostinfo_load", "load1"));
    }

    @Test
    void aDimensionTheRunLeftWithoutValueKeepsItsLastValue() {
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 100L, "load5", 200L)));
        sink.deliver(charts(LOCAL, update(LOAD, "load1", 300L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals(3, value(scrape, "terrarium_hostinfo_load", "load1"));
        assertEquals(2, value(scrape, "terrarium_hostinfo_load", "load5"));
    }

    @Test
    void valuesBeyondSixtyFourBitsAndExactLongsSurvive() {
        Chart big = chart("hostinfo_local", "big", "hostinfo.big", "Big", "", List.of(), absolute("long", "long"),
                absolute("huge", "huge"), dimension("third", "absolute", 1, 3));
        PrometheusSink sink = start();
        sink.deliver(charts(LOCAL, update(big, "long", Long.MAX_VALUE, "huge", new BigInteger("1" + "0".repeat(30)),
                "third", 1L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertTrue(scrape.body().contains(" 9223372036854775807\n"), scrape::body);
        assertEquals(1e30, value(scrape, "terrarium_hostinfo_big", "huge"));
        assertEquals(1.0 / 3, value(scrape, "terrarium_hostinfo_big", "third"), 1e-12);
    }

    @Test
    void aNameClaimedAsGaugeByOneChartAndCounterByAnotherIsUntyped() {
        Chart gauge = chart("a_x", "g", "requests_total", "Requests now", "", List.of(), absolute("n", "n"));
        Chart counter = chart("a_x", "c", "requests", "Requests", "", List.of(), incremental("n", "n"));
        PrometheusSink sink = start("metricPrefix", "");
        sink.deliver(charts(LOCAL, update(gauge, "n", 1L), update(counter, "n", 2L)));

        Judges.Scrape scrape = Scraper.judged(sink);
        assertEquals("unknown", scrape.familyOf("requests_total").type()); // the Python client's word for untyped
        assertEquals(2, scrape.samples("requests_total").size());
    }

    private static double value(Judges.Scrape scrape, String metric, String dimension) {
        List<Judges.Sample> found = scrape.samples(metric).stream()
                .filter(sample -> dimension.equals(sample.labels().get("dimension"))).toList();
        assertEquals(1, found.size(), () -> "one " + metric + " of dimension " + dimension + " in:\n" + scrape.body());
        return found.get(0).value();
    }

    private static Map<String, String> without(Map<String, String> labels, String... names) {
        Map<String, String> copy = new java.util.HashMap<>(labels);
        for (String name : names) {
            copy.remove(name);
        }
        return copy;
    }
}
