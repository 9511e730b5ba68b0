package io.terrarium.sink.prometheus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
 * Maps a result to series. Stateless; the names and labels depend only on the result and the settings.
 *
 * <p>python.d charts: metric {@code <prefix><context>} (the chart's {@code type.id} when it has no context), labels
 * {@code chart, family, dimension, job, module} and the chart's labels. Incremental dimensions are counters named
 * {@code ..._total} holding the collected counter × |multiplier| ÷ |divisor|: {@code rate()} needs a counter that
 * only grows, and Netdata's negative multipliers only mirror a dimension below the axis. Absolute dimensions are
 * gauges holding value × multiplier ÷ divisor, as Netdata shows them.
 *
 * <p>DataKit points: metric {@code <measurement>_<field>} per numeric or boolean field, untyped (a field does not
 * say whether it counts or measures), labels {@code job, module}, {@code category} (other categories than metric)
 * and the point's tags.
 */
final class ResultMapper {

    private final ExporterSettings settings;

    ResultMapper(ExporterSettings settings) {
        this.settings = settings;
    }

    MappedResult map(CollectionResult result, long nowNanos) {
        List<MappedResult.ChartSlots> charts = new ArrayList<>();
        Set<String> retired = new HashSet<>();
        for (Chart chart : result.retired()) {
            retired.add(chart.fullId());
        }
        for (ChartUpdate update : result.charts()) {
            if (update.chart().isObsolete()) {
                retired.add(update.chart().fullId());
            } else {
                charts.add(chart(result, update, nowNanos));
            }
        }
        List<Series> points = new ArrayList<>();
        for (PointBatch batch : result.batches()) {
            if (settings.pointCategories().contains(batch.category())) {
                for (Point point : batch.points()) {
                    point(result, batch.category(), point, nowNanos, points);
                }
            }
        }
        return new MappedResult(charts, retired, points);
    }

    private MappedResult.ChartSlots chart(CollectionResult result, ChartUpdate update, long nowNanos) {
        Chart chart = update.chart();
        Map<String, Number> values = new HashMap<>();
        for (DimensionValue value : update.values()) {
            if (value.value() != null) {
                values.put(value.id(), value.value());
            }
        }
        String base = settings.metricPrefix() + (chart.context() == null || chart.context().isBlank()
                ? chart.fullId() : chart.context());
        String help = help(chart);
        // a chart updated less often than the expiry would blink out between its updates
        long ttl = settings.expireNanos() == 0 ? 0
                : Math.max(settings.expireNanos(), TimeUnit.SECONDS.toNanos(2L * Math.max(1, chart.updateEvery())));
        List<MappedResult.Slot> slots = new ArrayList<>();
        for (Dimension dimension : chart.dimensions()) {
            if (dimension.obsolete()) {
                continue;
            }
            boolean counter = isIncremental(dimension.algorithm());
            String metric = PrometheusNames.metricName(base);
            if (counter && !metric.endsWith("_total")) {
                metric += "_total";
            }
            Labels.Builder labels = new Labels.Builder()
                    .own("chart", chart.fullId())
                    .own("family", chart.family())
                    .own("dimension", dimensionLabel(dimension))
                    .own("job", result.job().job())
                    .own("module", result.job().module());
            for (ChartLabel label : chart.labels()) {
                labels.data(label.name(), label.value());
            }
            Labels built = labels.build();
            String key = metric + '\0' + built.key();
            Number raw = values.get(dimension.id());
            Series fresh = null;
            if (raw != null) {
                long multiplier = dimension.multiplier() == 0 ? 1 : dimension.multiplier();
                long divisor = dimension.divisor() == 0 ? 1 : dimension.divisor();
                if (counter) {
                    multiplier = Math.abs(multiplier);
                    divisor = Math.abs(divisor);
                }
                fresh = new Series(metric, counter ? MetricType.COUNTER : MetricType.GAUGE, help, built,
                        SampleValue.scaled(raw, multiplier, divisor), nowNanos, ttl);
            }
            slots.add(new MappedResult.Slot(key, fresh));
        }
        return new MappedResult.ChartSlots(chart.fullId(), slots);
    }

    private void point(CollectionResult result, PointCategory category, Point point, long nowNanos,
            List<Series> out) {
        Labels labels = null;
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            String value = SampleValue.field(field.getValue());
            if (value == null) {
                continue; // strings: Prometheus has no place for them
            }
            if (labels == null) {
                Labels.Builder builder = new Labels.Builder()
                        .own("job", result.job().job())
                        .own("module", result.job().module());
                if (category != PointCategory.METRIC) {
                    builder.own("category", category.path());
                }
                point.tags().forEach(builder::data);
                labels = builder.build();
            }
            String metric = PrometheusNames.metricName(point.measurement() + "_" + field.getKey());
            String help = "DataKit measurement " + point.measurement() + ", field " + field.getKey();
            out.add(new Series(metric, MetricType.UNTYPED, help, labels, value, nowNanos, settings.expireNanos()));
        }
    }

    private String dimensionLabel(Dimension dimension) {
        if (settings.dimensionIds() || dimension.name() == null || dimension.name().isBlank()) {
            return dimension.id();
        }
        return dimension.name();
    }

    private static String help(Chart chart) {
        String title = chart.title() == null || chart.title().isBlank() ? chart.fullId() : chart.title();
        return chart.units() == null || chart.units().isBlank() ? title : title + " (" + chart.units() + ")";
    }

    static boolean isIncremental(String algorithm) {
        return "incremental".equals(algorithm) || "percentage-of-incremental-row".equals(algorithm);
    }
}
