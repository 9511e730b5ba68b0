package io.terrarium.sink.netdata.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/**
 * DataKit metrics as Netdata charts, so a DataKit script feeds Netdata too: one chart per measurement and tag set
 * (type {@code <module>_<class>}, id the measurement and tag values), one dimension per numeric field. Integers and
 * booleans are sent as they are; floats times 1000 with divisor 1000 (Netdata's values are integers). String
 * fields are not charted. Keeps, per chart, the time of its last update for BEGIN's microseconds. One instance per
 * sink, used under the sink's lock.
 */
final class PointCharts {

    static final int FLOAT_DIVISOR = 1000;
    private static final long BASE_PRIORITY = 90000;

    private final Map<String, Long> lastUpdateMicros = new HashMap<>();
    private final Map<String, Chart> charts = new HashMap<>();

    List<ChartUpdate> updates(CollectionResult result) {
        List<ChartUpdate> updates = new ArrayList<>();
        String type = result.job().module() + "_" + result.job().job();
        for (PointBatch batch : result.batches()) {
            if (batch.category() != PointCategory.METRIC) {
                continue;
            }
            for (Point point : batch.points()) {
                ChartUpdate update = update(type, result, point);
                if (update != null) {
                    updates.add(update);
                }
            }
        }
        return updates;
    }

    private ChartUpdate update(String type, CollectionResult result, Point point) {
        Map<String, String> tags = new TreeMap<>(point.tags());
        StringBuilder id = new StringBuilder(point.measurement());
        tags.values().forEach(value -> id.append('_').append(value));
        List<Dimension> dimensions = new ArrayList<>();
        List<DimensionValue> values = new ArrayList<>();
        point.fields().forEach((field, value) -> {
            if (value instanceof Long number) {
                dimensions.add(new Dimension(field, field, "absolute", 1, 1, false, false));
                values.add(new DimensionValue(field, number));
            } else if (value instanceof Boolean flag) {
                dimensions.add(new Dimension(field, field, "absolute", 1, 1, false, false));
                values.add(new DimensionValue(field, flag ? 1L : 0L));
            } else if (value instanceof Double number && Double.isFinite(number)) {
                dimensions.add(new Dimension(field, field, "absolute", 1, FLOAT_DIVISOR, false, false));
                values.add(new DimensionValue(field, Math.round(number * FLOAT_DIVISOR)));
            }
        });
        if (dimensions.isEmpty()) {
            return null;
        }
        String fullId = type + "." + id;
        Chart previous = charts.get(fullId);
        // a chart keeps the dimensions it ever had, so a field missing from one point is no redefinition
        List<Dimension> all = new ArrayList<>(previous == null ? List.of() : previous.dimensions());
        for (Dimension dimension : dimensions) {
            if (all.stream().noneMatch(d -> d.id().equals(dimension.id()))) {
                all.add(dimension);
            }
        }
        List<ChartLabel> labels = new ArrayList<>();
        labels.add(new ChartLabel("_collect_job", result.job().job(), 0));
        tags.forEach((key, value) -> labels.add(new ChartLabel(key, value, 2)));
        long priority = previous != null ? previous.priority() : BASE_PRIORITY + charts.size();
        // the script's interval: a chart that claims a shorter one shows gaps between its values
        int updateEvery = result.run() != null ? result.run().updateEvery() : previous != null ? previous.updateEvery() : 1;
        Chart chart = new Chart(type, id.toString(), "", point.measurement() + (tags.isEmpty() ? "" : " " + tags),
                "value", point.measurement(), "pythond." + point.measurement(), "line", priority, updateEvery, "",
                result.job().module(), labels, all);
        if (chart.equals(previous)) {
            chart = previous;
        }
        charts.put(fullId, chart);
        long now = point.timeNanos() / 1000;
        Long last = lastUpdateMicros.put(fullId, now);
        return new ChartUpdate(chart, last == null ? 0 : Math.max(0, now - last), values, List.of());
    }
}
