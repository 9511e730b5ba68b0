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
 * Netdata's limit on values, for Netdata sinks only ({@link Validator#SINK_TYPES}): a value or variable must fit in
 * a signed 64-bit integer (the daemon parses it with strtoll and would silently clamp it). An out-of-range value is
 * dropped alone and the rest of its chart still goes out. Sinks of other types get such values (Prometheus and the
 * file sink write them exactly).
 */
@Component(service = Validator.class,
        property = { "terrarium.validator=netdata-values", Validator.SINK_TYPES + "=netdata" })
public final class NetdataValueValidator implements Validator {

    @Override
    public Verdict validate(CollectionResult result) {
        List<Rejection> rejections = null;
        List<ChartUpdate> kept = null;
        for (int i = 0; i < result.charts().size(); i++) {
            ChartUpdate update = result.charts().get(i);
            ChartUpdate keep = update;
            if (!fits(update.values()) || !fits(update.variables())) {
                if (rejections == null) {
                    rejections = new ArrayList<>();
                    kept = new ArrayList<>(result.charts().subList(0, i));
                }
                Chart chart = update.chart();
                keep = new ChartUpdate(chart, update.sinceLastMicros(),
                        split(result, chart, update.values(), rejections, "value"),
                        split(result, chart, update.variables(), rejections, "variable"));
            }
            if (kept != null) {
                kept.add(keep);
            }
        }
        if (rejections == null) {
            return Verdict.pass(result);
        }
        return new Verdict(result.withCharts(kept), rejections);
    }

    private static boolean fits(List<DimensionValue> values) {
        for (DimensionValue value : values) {
            if (!(value.value() instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    private static List<DimensionValue> split(CollectionResult result, Chart chart, List<DimensionValue> in,
            List<Rejection> rejections, String category) {
        List<DimensionValue> ok = new ArrayList<>(in.size());
        for (DimensionValue value : in) {
            if (value.value() instanceof Long) {
                ok.add(value);
            } else {
                rejections.add(new Rejection(result.job(), category,
                        chart.fullId() + " '" + value.id() + "' = " + value.value(),
                        "Netdata values must fit in a signed 64-bit integer"));
            }
        }
        return ok;
    }
}
