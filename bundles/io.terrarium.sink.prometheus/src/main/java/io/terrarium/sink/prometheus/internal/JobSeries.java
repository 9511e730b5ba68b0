package io.terrarium.sink.prometheus.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One job's series. Immutable: a result produces a new instance, which the store swaps in whole, so a scrape sees
 * every result of a job completely or not at all. Unchanged charts' maps are shared between instances.
 */
final class JobSeries {

    static final JobSeries EMPTY = new JobSeries(Map.of(), Map.of());

    // chart full id -> series key -> series; every map unmodifiable
    private final Map<String, Map<String, Series>> charts;
    // series key -> series, from DataKit points
    private final Map<String, Series> points;
    private final int size;

    private JobSeries(Map<String, Map<String, Series>> charts, Map<String, Series> points) {
        this.charts = charts;
        this.points = points;
        this.size = charts.values().stream().mapToInt(Map::size).sum() + points.size();
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * This job's series after a result: expired series go, retired charts go, each updated chart's series become
     * exactly its current dimensions (keeping the last value of a dimension the run left without one), points
     * replace points with the same key. A series this job did not hold before takes a place from the admission.
     */
    JobSeries merge(MappedResult result, long nowNanos, Admission admission) {
        Map<String, Map<String, Series>> nextCharts = new HashMap<>();
        charts.forEach((id, series) -> {
            Map<String, Series> live = withoutExpired(series, nowNanos);
            if (!live.isEmpty()) {
                nextCharts.put(id, live);
            }
        });
        for (MappedResult.ChartSlots chart : result.charts()) {
            Map<String, Series> before = nextCharts.getOrDefault(chart.chartId(), Map.of());
            Map<String, Series> after = new LinkedHashMap<>();
            for (MappedResult.Slot slot : chart.slots()) {
                Series previous = before.get(slot.key());
                if (slot.fresh() != null && (previous != null || admission.admit())) {
                    after.put(slot.key(), slot.fresh());
                } else if (previous != null) {
                    after.put(slot.key(), previous);
                }
            }
            if (after.isEmpty()) {
                nextCharts.remove(chart.chartId());
            } else {
                nextCharts.put(chart.chartId(), Collections.unmodifiableMap(after));
            }
        }
        nextCharts.keySet().removeAll(result.retired());

        Map<String, Series> nextPoints = points;
        boolean pointsExpired = points.values().stream().anyMatch(series -> series.expired(nowNanos));
        if (pointsExpired || !result.points().isEmpty()) {
            Map<String, Series> merged = new LinkedHashMap<>(withoutExpired(points, nowNanos));
            for (Series series : result.points()) {
                String key = series.key();
                if (merged.containsKey(key) || admission.admit()) {
                    merged.put(key, series);
                }
            }
            nextPoints = Collections.unmodifiableMap(merged);
        }
        return new JobSeries(Collections.unmodifiableMap(nextCharts), nextPoints);
    }

    boolean hasExpired(long nowNanos) {
        for (Map<String, Series> chart : charts.values()) {
            for (Series series : chart.values()) {
                if (series.expired(nowNanos)) {
                    return true;
                }
            }
        }
        return points.values().stream().anyMatch(series -> series.expired(nowNanos));
    }

    JobSeries withoutExpired(long nowNanos) {
        Map<String, Map<String, Series>> nextCharts = new HashMap<>();
        charts.forEach((id, series) -> {
            Map<String, Series> live = withoutExpired(series, nowNanos);
            if (!live.isEmpty()) {
                nextCharts.put(id, live);
            }
        });
        return new JobSeries(Collections.unmodifiableMap(nextCharts), withoutExpired(points, nowNanos));
    }

    void forEach(Consumer<Series> action) {
        charts.values().forEach(chart -> chart.values().forEach(action));
        points.values().forEach(action);
    }

    private static Map<String, Series> withoutExpired(Map<String, Series> series, long nowNanos) {
        if (series.values().stream().noneMatch(one -> one.expired(nowNanos))) {
            return series; // the common case: shared, not copied
        }
        Map<String, Series> live = new LinkedHashMap<>(series);
        live.values().removeIf(one -> one.expired(nowNanos));
        return Collections.unmodifiableMap(live);
    }

    /** Places for series a job did not hold before, under the sink's {@code maxSeries}. Used by one thread. */
    static final class Admission {

        private long left;
        private int refused;

        /** @param places how many new series may come in; {@link Long#MAX_VALUE} for no limit */
        Admission(long places) {
            this.left = places;
        }

        static Admission unlimited() {
            return new Admission(Long.MAX_VALUE);
        }

        boolean admit() {
            if (left > 0) {
                left--;
                return true;
            }
            refused++;
            return false;
        }

        int refused() {
            return refused;
        }
    }
}
