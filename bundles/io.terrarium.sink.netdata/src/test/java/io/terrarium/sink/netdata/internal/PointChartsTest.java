package io.terrarium.sink.netdata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

class PointChartsTest {

    private final PointCharts charts = new PointCharts();

    private static CollectionResult result(PointCategory category, Point... points) {
        return new CollectionResult(new JobId("demo", "Demo"), "demo.Demo", Instant.EPOCH, List.of(), List.of(),
                List.of(new PointBatch(category, "datakitpy", false, null, List.of(points))), null);
    }

    private static Point point(long seconds, Map<String, Object> fields) {
        return new Point("abc", Map.of("t1", "b", "t2", "d"), fields, seconds * 1_000_000_000L);
    }

    private static Map<String, Object> seedFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("f1", 123L);
        fields.put("f2", 3.4);
        fields.put("f3", "strval");
        fields.put("ok", true);
        return fields;
    }

    @Test
    void aMetricBecomesAChartPerMeasurementAndTagsWithADimensionPerNumericField() {
        List<ChartUpdate> updates = charts.updates(result(PointCategory.METRIC, point(10, seedFields())));
        assertEquals(1, updates.size());
        ChartUpdate update = updates.get(0);
        assertEquals("demo_Demo.abc_b_d", update.chart().fullId());
        assertEquals("pythond.abc", update.chart().context());
        assertEquals(List.of("f1", "f2", "ok"), update.chart().dimensions().stream().map(Dimension::id).toList());
        assertEquals(PointCharts.FLOAT_DIVISOR, update.chart().dimensions().get(1).divisor());
        assertEquals(List.of(new DimensionValue("f1", 123L), new DimensionValue("f2", 3400L),
                new DimensionValue("ok", 1L)), update.values());
        assertEquals(0, update.sinceLastMicros());
    }

    @Test
    void theNextUpdateSaysTheTimeSinceThePreviousAndKeepsTheDefinition() {
        ChartUpdate first = charts.updates(result(PointCategory.METRIC, point(10, seedFields()))).get(0);
        ChartUpdate second = charts.updates(result(PointCategory.METRIC, point(20, seedFields()))).get(0);
        assertEquals(10_000_000, second.sinceLastMicros());
        assertSame(first.chart(), second.chart(), "unchanged definition, same instance: the sink does not resend it");
    }

    @Test
    void aNewFieldAddsADimensionAndAMissingOneKeepsIt() {
        charts.updates(result(PointCategory.METRIC, point(10, Map.of("a", 1L))));
        ChartUpdate update = charts.updates(result(PointCategory.METRIC, point(20, Map.of("b", 2L)))).get(0);
        assertEquals(List.of("a", "b"), update.chart().dimensions().stream().map(Dimension::id).toList());
        assertEquals(List.of(new DimensionValue("b", 2L)), update.values());
    }

    @Test
    void otherCategoriesAndPointsWithoutNumbersAreNotCharted() {
        assertTrue(charts.updates(result(PointCategory.LOGGING, point(10, seedFields()))).isEmpty());
        assertTrue(charts.updates(result(PointCategory.METRIC, point(10, Map.of("s", "text")))).isEmpty());
    }
}
