package io.terrarium.sink.datakit.internal;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/**
 * python.d charts as DataKit metrics: one point per chart update, measured as the chart's context (its type when
 * the context is empty), tagged {@code module}, {@code job} and {@code chart} (the full id), with one integer field
 * per dimension value, at the run's time; input = the module.
 */
final class ChartPoints {

    private ChartPoints() {
    }

    /** The result's charts as one metric batch, or {@code null} when it has none with values. */
    static PointBatch of(CollectionResult result) {
        if (result.charts().isEmpty()) {
            return null;
        }
        Instant time = result.time() == null ? Instant.now() : result.time();
        long nanos = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        String module = result.job().module();
        List<Point> points = new ArrayList<>(result.charts().size());
        for (ChartUpdate update : result.charts()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (DimensionValue value : update.values()) {
                Long number = integer(value.value());
                if (number != null) {
                    fields.put(value.id(), number);
                }
            }
            if (fields.isEmpty()) {
                continue;
            }
            Chart chart = update.chart();
            String measurement = chart.context() == null || chart.context().isBlank() ? chart.type() : chart.context();
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("module", module);
            tags.put("job", result.job().job());
            tags.put("chart", chart.fullId());
            points.add(new Point(measurement, tags, fields, nanos));
        }
        return points.isEmpty() ? null : new PointBatch(PointCategory.METRIC, module, false, null, points);
    }

    // python.d values went through int(); one beyond 64 bits has no line-protocol integer
    private static Long integer(Number value) {
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        return value == null ? null : value.longValue();
    }
}
