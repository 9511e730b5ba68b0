package io.terrarium.sink.file.internal;

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

/** Collection results for tests. */
final class Results {

    /** 1700000000123 ms since the epoch. */
    static final Instant TIME = Instant.parse("2023-11-14T22:13:20.123Z");
    static final JobId JOB = new JobId("hostinfo", "local");

    private Results() {
    }

    static Chart chart(String type, String id, List<ChartLabel> labels, Dimension... dimensions) {
        return new Chart(type, id, "", "Title of " + id, "units", "family", "hostinfo." + id, "line", 1000, 1, "",
                "hostinfo", labels, List.of(dimensions));
    }

    static Chart chart(String type, String id, String... dimensionIds) {
        return chart(type, id, List.of(), Arrays.stream(dimensionIds).map(Results::dimension).toArray(Dimension[]::new));
    }

    static Dimension dimension(String id) {
        return new Dimension(id, id, "absolute", 1, 1, false, false);
    }

    /** An update of {@code chart} with values given as id, value, id, value... */
    static ChartUpdate update(Chart chart, Object... idsAndValues) {
        List<DimensionValue> values = new ArrayList<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            values.add(new DimensionValue((String) idsAndValues[i], (Number) idsAndValues[i + 1]));
        }
        return new ChartUpdate(chart, 1_000_000, values, List.of());
    }

    static CollectionResult result(JobId job, String fullName, List<ChartUpdate> charts, List<Chart> retired,
            List<PointBatch> batches) {
        return new CollectionResult(job, fullName, TIME, charts, retired, batches, null);
    }

    static CollectionResult charts(ChartUpdate... updates) {
        return result(JOB, "hostinfo_local", List.of(updates), List.of(), List.of());
    }

    static CollectionResult points(PointBatch... batches) {
        return result(JOB, "hostinfo_local", List.of(), List.of(), List.of(batches));
    }

    static PointBatch batch(PointCategory category, String input, Point... points) {
        return new PointBatch(category, input, false, null, List.of(points));
    }

    /** Keys and values alternating, in order. */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Result number {@code n} of a series, all of one encoded size (the number is zero-padded): one point, tags
     * {@code source} and {@code seq}.
     */
    static CollectionResult numbered(String source, int n) {
        return points(batch(PointCategory.METRIC, "test",
                new Point("seq", map("source", source, "seq", String.format("%06d", n)), map("n", 1L),
                        1_700_000_000_000_000_000L)));
    }
}
