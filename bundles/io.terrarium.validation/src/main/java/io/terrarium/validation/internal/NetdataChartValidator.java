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

/**
 * What makes a chart a chart, for every sink: it needs a type and an id (Netdata's chart id is {@code type.id};
 * Prometheus and the file sink name series and lines by them). A chart without either is dropped whole. What only
 * some sinks cannot carry is for those sinks alone ({@link NetdataValueValidator}).
 */
@Component(service = Validator.class, property = "terrarium.validator=netdata")
public final class NetdataChartValidator implements Validator {

    @Override
    public Verdict validate(CollectionResult result) {
        List<Rejection> rejections = null;
        List<ChartUpdate> kept = null;
        for (int i = 0; i < result.charts().size(); i++) {
            ChartUpdate update = result.charts().get(i);
            String problem = chartProblem(update.chart());
            if (problem != null) {
                if (rejections == null) {
                    rejections = new ArrayList<>();
                    kept = new ArrayList<>(result.charts().subList(0, i));
                }
                rejections.add(new Rejection(result.job(), "chart", describe(update.chart()), problem));
            } else if (kept != null) {
                kept.add(update);
            }
        }
        if (rejections == null) {
            return Verdict.pass(result);
        }
        return new Verdict(result.withCharts(kept), rejections);
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

    private static String describe(Chart chart) {
        return "'" + chart.type() + "." + chart.id() + "' (" + chart.title() + ")";
    }
}
