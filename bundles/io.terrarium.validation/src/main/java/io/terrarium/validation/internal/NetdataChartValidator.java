package io.terrarium.validation.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.terrarium.api.Rejection;
import io.terrarium.api.Validator;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.DimensionValue;

/**
 * Netdata's limits on charts: a chart needs a type and an id, and values must fit in a signed 64-bit
 * integer (the daemon parses them with strtoll and would silently clamp). A chart without a type or id is
 * dropped whole; an out-of-range value is dropped alone and the rest of its chart still goes out.
 */
@Component(service = Validator.class, property = "terrarium.validator=netdata")
public final class NetdataChartValidator implements Validator {

    @Override
    public Verdict validate(CollectionResult result) {
        List<Rejection> rejections = null;
        List<ChartUpdate> kept = null;
        for (int i = 0; i < result.charts().size(); i++) {
            ChartUpdate update = result.charts().get(i);
            Chart chart = update.chart();
            String problem = chartProblem(chart);
            ChartUpdate keep = update;
            if (problem != null) {
                rejections = add(rejections, new Rejection(result.job(), "chart", describe(chart), problem));
                keep = null;
            } else if (!fits(update.values()) || !fits(update.variables())) {
                List<DimensionValue> values = new ArrayList<>();
                List<DimensionValue> variables = new ArrayList<>();
                rejections = split(result, chart, update.values(), values, rejections, "value");
                rejections = split(result, chart, update.variables(), variables, rejections, "variable");
                keep = new ChartUpdate(chart, update.sinceLastMicros(), values, variables);
            }
            if (keep != update && kept == null) {
                kept = new ArrayList<>(result.charts().subList(0, i));
            }
            if (kept != null && keep != null) {
                kept.add(keep);
            }
        }
        if (rejections == null) {
            return Verdict.pass(result);
        }
        return new Verdict(kept == null ? result : result.withCharts(kept), rejections);
    }

    private static String chartProblem(Chart chart) {
        if (chart.type() == null || chart.type().isBlank()) {
            return "a chart needs a type";
        }
        if (chart.id() == null || chart.id().isBlank()) {
            return "a chart needs an id";
        }
        return null;
    }

    private static boolean fits(List<DimensionValue> values) {
        for (DimensionValue value : values) {
            if (!(value.value() instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    private static List<Rejection> split(CollectionResult result, Chart chart, List<DimensionValue> in,
            List<DimensionValue> ok, List<Rejection> rejections, String category) {
        for (DimensionValue value : in) {
            if (value.value() instanceof Long) {
                ok.add(value);
            } else {
                rejections = add(rejections, new Rejection(result.job(), category,
                        chart.fullId() + " '" + value.id() + "' = " + value.value(),
                        "Netdata values must fit in a signed 64-bit integer"));
            }
        }
        return rejections;
    }

    private static List<Rejection> add(List<Rejection> list, Rejection rejection) {
        List<Rejection> out = list == null ? new ArrayList<>() : list;
        out.add(rejection);
        return out;
    }

    private static String describe(Chart chart) {
        return "'" + chart.type() + "." + chart.id() + "' (" + chart.title() + ")";
    }
}
