package io.terrarium.sink.prometheus.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/** Builds collection results as the scheduler hands them to sinks. */
final class Results {

    private Results() {
    }

    static Dimension absolute(String id, String name) {
        return new Dimension(id, name, "absolute", 1, 1, false, false);
    }

    static Dimension incremental(String id, String name) {
        return new Dimension(id, name, "incremental", 1, 1, false, false);
    }

    static Dimension dimension(String id, String algorithm, long multiplier, long divisor) {
        return new Dimension(id, id, algorithm, multiplier, divisor, false, false);
    }

    /** A chart of module {@code type} (python.d: {@code <module>_<job>}), one label per pair of strings. */
    static Chart chart(String type, String id, String context, String title, String units, List<String> labels,
            Dimension... dimensions) {
        List<ChartLabel> chartLabels = new ArrayList<>();
        for (int i = 0; i < labels.size(); i += 2) {
            chartLabels.add(new ChartLabel(labels.get(i), labels.get(i + 1), 2));
        }
        return new Chart(type, id, "", title, units, id, context, "line", 70_000, 1, "", type,
                chartLabels, Arrays.asList(dimensions));
    }

    static Chart obsolete(Chart chart) {
        return new Chart(chart.type(), chart.id(), chart.name(), chart.title(), chart.units(), chart.family(),
                chart.context(), chart.chartType(), chart.priority(), chart.updateEvery(), "obsolete", chart.module(),
                chart.labels(), chart.dimensions());
    }

    /** Values as id, value, id, value, ... */
    static ChartUpdate update(Chart chart, Object... idsAndValues) {
        List<DimensionValue> values = new ArrayList<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            values.add(new DimensionValue((String) idsAndValues[i], (Number) idsAndValues[i + 1]));
        }
        return new ChartUpdate(chart, 1_000_000, values, List.of());
    }

    static CollectionResult charts(JobId job, ChartUpdate... updates) {
        return new CollectionResult(job, job.module() + "_" + job.job(), Instant.now(), List.of(updates), List.of(),
                List.of(), null);
    }

    static CollectionResult retired(JobId job, Chart... charts) {
        return new CollectionResult(job, job.module() + "_" + job.job(), Instant.now(), List.of(), List.of(charts),
                List.of(), null);
    }

    static CollectionResult points(JobId job, PointCategory category, Point... points) {
        return new CollectionResult(job, job.module() + "_" + job.job(), Instant.now(), List.of(), List.of(),
                List.of(new PointBatch(category, job.module(), false, null, List.of(points))), null);
    }

    /** Tags and fields as ordered maps, from key, value pairs. */
    static Point point(String measurement, List<String> tags, Object... fields) {
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i += 2) {
            tagMap.put(tags.get(i), tags.get(i + 1));
        }
        Map<String, Object> fieldMap = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            fieldMap.put((String) fields[i], fields[i + 1]);
        }
        return new Point(measurement, tagMap, fieldMap, System.currentTimeMillis() * 1_000_000);
    }
}
