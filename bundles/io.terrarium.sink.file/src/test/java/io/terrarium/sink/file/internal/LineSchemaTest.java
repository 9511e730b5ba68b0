package io.terrarium.sink.file.internal;

import static io.terrarium.sink.file.internal.PythonJson.json;
import static io.terrarium.sink.file.internal.Results.batch;
import static io.terrarium.sink.file.internal.Results.chart;
import static io.terrarium.sink.file.internal.Results.map;
import static io.terrarium.sink.file.internal.Results.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointCategory;

/** What one line holds, for each kind, as python3's json module reads it back from the sink's file. */
class LineSchemaTest {

    /** Everything JSON must escape, what some line splitters break on, and text outside ASCII and the BMP. */
    static final String HOSTILE = "q\" a' b\\ s/ nl\n cr\r tab\t nul\0 bel\u0007 esc\u001b del\u007f nel\u0085 "
            + "ls\u2028 ps\u2029 bom\ufeff \u00e9\u00fc \u4e2d\u6587 \ud83d\ude00 lone\ud800 }{\"x\":1} end";

    @TempDir
    Path folder;

    private final List<FileSink> sinks = new ArrayList<>();

    @AfterEach
    void stopSinks() {
        sinks.forEach(FileSink::deactivate);
    }

    private List<JsonNode> written(CollectionResult... results) {
        Path file = folder.resolve("out.jsonl");
        FileSink sink = new FileSink(folder, Configs.file("path", file.toString()), Configs.factory("schema"));
        sinks.add(sink);
        for (CollectionResult result : results) {
            sink.deliver(result);
        }
        return PythonJson.lines(file);
    }

    @Test
    void aChartUpdateIsOneLineWithItsDefinitionRawValuesVariablesAndLabels() {
        Chart load = new Chart("hostinfo_local", "load", "", "Load average", "load", "load", "hostinfo.load", "stacked",
                1000, 2, "", "hostinfo", List.of(new ChartLabel("host", "web1", 2)),
                List.of(new Dimension("load1", "1 min", "absolute", 1, 100, false, false),
                        new Dimension("load5", "5 min", "incremental", -8, 1000, true, false)));
        ChartUpdate update = new ChartUpdate(load, 2_000_000,
                List.of(new DimensionValue("load1", 123L), new DimensionValue("load5", 45L)),
                List.of(new DimensionValue("max", 7L)));

        List<JsonNode> lines = written(Results.charts(update));

        assertEquals(List.of(json("""
                {"time": "2023-11-14T22:13:20.123Z", "ts": 1700000000123, "job": "hostinfo/local",
                 "module": "hostinfo", "job_name": "hostinfo_local", "kind": "chart",
                 "chart": "hostinfo_local.load", "context": "hostinfo.load", "title": "Load average",
                 "units": "load", "family": "load", "chart_type": "stacked", "update_every": 2,
                 "values": {"load1": 123, "load5": 45},
                 "dimensions": {
                   "load1": {"name": "1 min", "algorithm": "absolute", "multiplier": 1, "divisor": 100},
                   "load5": {"name": "5 min", "algorithm": "incremental", "multiplier": -8, "divisor": 1000}},
                 "variables": {"max": 7},
                 "labels": {"host": "web1"}}
                """)), lines);
    }

    @Test
    void aDimensionTheRunSetNoValueForIsNull() {
        Chart chart = chart("hostinfo_local", "mem", "used", "free", "cached");

        List<JsonNode> lines = written(Results.charts(
                new ChartUpdate(chart, 0, List.of(new DimensionValue("free", 5L), new DimensionValue("used", null)),
                        List.of())));

        assertEquals(json("""
                {"used": null, "free": 5, "cached": null}
                """), lines.get(0).get("values"));
    }

    @Test
    void aDataKitPointIsOneLineWithItsCategoryInputTagsFieldsAndOwnTime() {
        Point point = new Point("nginx", map("host", "web1", "path", "/"),
                map("message", "GET /", "status", 200L, "ratio", 0.5, "ok", true), 1_700_000_000_123_456_789L);

        List<JsonNode> lines = written(Results.points(batch(PointCategory.LOGGING, "nginx_log", point)));

        assertEquals(List.of(json("""
                {"time": "2023-11-14T22:13:20.123Z", "ts": 1700000000123, "job": "hostinfo/local",
                 "module": "hostinfo", "job_name": "hostinfo_local", "kind": "point",
                 "category": "logging", "input": "nginx_log", "measurement": "nginx",
                 "tags": {"host": "web1", "path": "/"},
                 "fields": {"message": "GET /", "status": 200, "ratio": 0.5, "ok": true},
                 "time_ns": 1700000000123456789}
                """)), lines);
    }

    @Test
    void aRetiredChartIsOneObsoleteLine() {
        Chart retired = chart("hostinfo_local", "disk_sda", "reads");

        List<JsonNode> lines = written(Results.result(Results.JOB, "hostinfo_local", List.of(), List.of(retired),
                List.of()));

        assertEquals(List.of(json("""
                {"time": "2023-11-14T22:13:20.123Z", "ts": 1700000000123, "job": "hostinfo/local",
                 "module": "hostinfo", "job_name": "hostinfo_local", "kind": "obsolete",
                 "chart": "hostinfo_local.disk_sda", "context": "hostinfo.disk_sda"}
                """)), lines);
    }

    @Test
    void aResultsLinesComeAsChartsThenRetiredChartsThenPointsInTheirOrder() {
        Chart a = chart("t", "a", "x");
        Chart b = chart("t", "b", "x");
        Point first = new Point("first", Map.of(), map("v", 1L), 1);
        Point second = new Point("second", Map.of(), map("v", 2L), 2);
        Point third = new Point("third", Map.of(), map("v", 3L), 3);

        List<JsonNode> lines = written(Results.result(Results.JOB, "hostinfo_local",
                List.of(update(b, "x", 1L), update(a, "x", 2L)), List.of(chart("t", "gone")),
                List.of(batch(PointCategory.METRIC, "i", first, second), batch(PointCategory.OBJECT, "i", third))));

        assertEquals(List.of("chart t.b", "chart t.a", "obsolete t.gone", "point first", "point second",
                "point third"),
                lines.stream().map(line -> line.get("kind").asText() + " "
                        + (line.has("chart") ? line.get("chart").asText() : line.get("measurement").asText()))
                        .toList());
    }

    @Test
    void hostileTextComesBackExactlyWhereverItAppears() {
        Chart chart = chart("t" + HOSTILE, "c" + HOSTILE, List.of(new ChartLabel("l" + HOSTILE, "v" + HOSTILE, 2)),
                new Dimension("d" + HOSTILE, "n" + HOSTILE, "absolute", 1, 1, false, false));
        Point point = new Point("m" + HOSTILE, map("k" + HOSTILE, "v" + HOSTILE), map("f" + HOSTILE, "s" + HOSTILE),
                1);
        Path file = folder.resolve("out.jsonl");

        List<JsonNode> lines = written(Results.result(new JobId("mod" + HOSTILE, "job" + HOSTILE), "full" + HOSTILE,
                List.of(update(chart, "d" + HOSTILE, 1L)), List.of(), List.of(batch(PointCategory.LOGGING,
                        "i" + HOSTILE, point))));

        assertEquals(2, lines.size(), "one line per record, whatever the text holds");
        String h = PythonJson.asJudged(HOSTILE); // the lone surrogate as the judge shows it
        JsonNode chartLine = lines.get(0);
        assertEquals("mod" + h + "/job" + h, chartLine.get("job").asText());
        assertEquals("mod" + h, chartLine.get("module").asText());
        assertEquals("full" + h, chartLine.get("job_name").asText());
        assertEquals("t" + h + ".c" + h, chartLine.get("chart").asText());
        assertEquals("Title of c" + h, chartLine.get("title").asText());
        assertEquals(1, chartLine.get("values").get("d" + h).asLong());
        assertEquals("n" + h, chartLine.get("dimensions").get("d" + h).get("name").asText());
        assertEquals("v" + h, chartLine.get("labels").get("l" + h).asText());
        JsonNode pointLine = lines.get(1);
        assertEquals("i" + h, pointLine.get("input").asText());
        assertEquals("m" + h, pointLine.get("measurement").asText());
        assertEquals("v" + h, pointLine.get("tags").get("k" + h).asText());
        assertEquals("s" + h, pointLine.get("fields").get("f" + h).asText());
        assertTrue(new String(readAll(file), StandardCharsets.UTF_8).contains("\u00e9\u00fc \u4e2d\u6587"),
                "text outside ASCII stays readable UTF-8, not escaped");
    }

    @Test
    void integersBeyondSixtyFourBitsAndAtTheLongLimitsKeepEveryDigit() {
        BigInteger huge = BigInteger.TWO.pow(70).add(BigInteger.ONE);
        BigInteger negative = BigInteger.TWO.pow(80).negate().subtract(BigInteger.valueOf(3));
        Chart chart = chart("t", "big", "huge", "max", "min");
        ChartUpdate update = new ChartUpdate(chart, 0, List.of(new DimensionValue("huge", huge),
                new DimensionValue("max", Long.MAX_VALUE), new DimensionValue("min", Long.MIN_VALUE)),
                List.of(new DimensionValue("var", negative)));
        Point point = new Point("m", Map.of(), map("big", huge, "max", Long.MAX_VALUE, "odd", 9_007_199_254_740_993L),
                Long.MAX_VALUE);

        List<JsonNode> lines = written(Results.result(Results.JOB, "hostinfo_local", List.of(update), List.of(),
                List.of(batch(PointCategory.METRIC, "i", point))));

        JsonNode values = lines.get(0).get("values");
        assertEquals(huge, values.get("huge").bigIntegerValue());
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), values.get("max").bigIntegerValue());
        assertEquals(BigInteger.valueOf(Long.MIN_VALUE), values.get("min").bigIntegerValue());
        assertEquals(negative, lines.get(0).get("variables").get("var").bigIntegerValue());
        JsonNode fields = lines.get(1).get("fields");
        assertEquals(huge, fields.get("big").bigIntegerValue());
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), fields.get("max").bigIntegerValue());
        // 2^53 + 1: the first integer a double cannot hold
        assertEquals(BigInteger.valueOf(9_007_199_254_740_993L), fields.get("odd").bigIntegerValue());
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), lines.get(1).get("time_ns").bigIntegerValue());
        assertTrue(lines.get(0).get("values").get("huge").isIntegralNumber(), "written as a number, not a string");
    }

    @Test
    void nonFiniteFloatsAreWrittenAsStringsAndFiniteOnesAsNumbers() {
        Point point = new Point("m", Map.of(), map("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
                "ninf", Double.NEGATIVE_INFINITY, "fnan", Float.NaN, "tenth", 0.1, "huge", 1e300, "tiny", 5e-324,
                "negative", -2.5, "single", 1.5f), 1);
        Chart chart = chart("t", "c", "nan");

        List<JsonNode> lines = written(Results.result(Results.JOB, "hostinfo_local",
                List.of(update(chart, "nan", Double.NaN)), List.of(), List.of(batch(PointCategory.METRIC, "i", point))));

        assertEquals(json("""
                {"nan": "NaN", "inf": "Infinity", "ninf": "-Infinity", "fnan": "NaN", "tenth": 0.1, "huge": 1e300,
                 "tiny": 5e-324, "negative": -2.5, "single": 1.5}
                """), lines.get(1).get("fields"));
        assertEquals(json("""
                {"nan": "NaN"}
                """), lines.get(0).get("values"));
    }

    @Test
    void kindsSelectsWhichLinesAreWritten() {
        Path file = folder.resolve("points.jsonl");
        FileSink sink = new FileSink(folder, Configs.file("path", file.toString(), "kinds", new String[] { "point" }),
                Configs.factory("points"));
        sinks.add(sink);

        sink.deliver(mixed());

        assertEquals(List.of("point"), PythonJson.lines(file).stream().map(line -> line.get("kind").asText()).toList());
    }

    @Test
    void kindsGivenAsOneCommaSeparatedValueAsACfgFileGivesThemAreUnderstood() {
        Path file = folder.resolve("charts.jsonl");
        FileSink sink = new FileSink(folder,
                Configs.file("path", file.toString(), "kinds", new String[] { "chart, obsolete" }),
                Configs.factory("charts"));
        sinks.add(sink);

        sink.deliver(mixed());

        assertEquals(List.of("chart", "obsolete"),
                PythonJson.lines(file).stream().map(line -> line.get("kind").asText()).toList());
    }

    private static CollectionResult mixed() {
        Chart chart = chart("t", "c", "x");
        return Results.result(Results.JOB, "hostinfo_local", List.of(update(chart, "x", 1L)),
                List.of(chart("t", "old")), List.of(batch(PointCategory.METRIC, "i",
                        new Point("m", Map.of(), map("v", 1L), 1))));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
