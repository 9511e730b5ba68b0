package io.terrarium.runner.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.terrarium.api.JobSettings;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.Collected;
import io.terrarium.api.data.Dimension;

/**
 * Turns a job's collect replies into API values. The worker sends a chart's definition only when it is new
 * or changed; this keeps the latest one of each chart so every {@link ChartUpdate} carries its definition.
 * One instance per job, used by one thread at a time (the job's replies are serialised by the protocol).
 */
final class ChartDecoder {

    // most jobs have a chart or a few: a table of 16 for each of thousands of jobs is 64 bytes apiece unused
    private final Map<String, Chart> charts = new HashMap<>(4);

    Collected decode(CollectReply reply) {
        List<ChartUpdate> updates = new ArrayList<>(reply.charts().size());
        for (CollectReply.Values values : reply.charts()) {
            JsonNode define = values.define();
            Chart chart = define != null && define.isObject() ? remember(chart(define)) : charts.get(values.id());
            if (chart == null) {
                throw new IllegalStateException("values for chart '" + values.id() + "' that was never defined");
            }
            updates.add(new ChartUpdate(chart, values.since(), values.values(), values.variables()));
        }
        List<Chart> retired = reply.retired().isEmpty() ? List.of() : new ArrayList<>();
        for (JsonNode node : reply.retired()) {
            retired.add(remember(chart(node)));
        }
        return new Collected(reply.updated(), updates, retired, PointDecoder.batches(reply.batches()));
    }

    /** Forgets every definition: after a worker restart the worker sends them again. */
    void reset() {
        charts.clear();
    }

    private Chart remember(Chart chart) {
        Chart previous = charts.get(chart.id());
        // keep one instance per unchanged definition so sinks can compare cheaply
        if (chart.equals(previous)) {
            return previous;
        }
        charts.put(chart.id(), chart);
        return chart;
    }

    /**
     * A chart definition as API values. What the jobs of a module share (chart ids, titles, units, families, contexts,
     * dimension ids and names, label names) is interned: thousands of jobs then keep one copy of each, not one
     * apiece (at 5000 jobs of one module that was a third of the heap's live strings).
     */
    static Chart chart(JsonNode node) {
        List<ChartLabel> labels = new ArrayList<>(node.path("labels").size());
        for (JsonNode label : node.path("labels")) {
            labels.add(new ChartLabel(shared(label.path(0)), label.path(1).asText(), label.path(2).asInt()));
        }
        List<Dimension> dimensions = new ArrayList<>(node.path("dimensions").size());
        for (JsonNode dim : node.path("dimensions")) {
            dimensions.add(new Dimension(shared(dim.path("id")), shared(dim.path("name")),
                    dim.path("algorithm").asText("absolute").intern(), dim.path("multiplier").asLong(1),
                    dim.path("divisor").asLong(1), dim.path("hidden").asBoolean(), dim.path("obsolete").asBoolean()));
        }
        return new Chart(node.path("type").asText(), shared(node.path("id")), node.path("name").asText(),
                shared(node.path("title")), shared(node.path("units")), shared(node.path("family")),
                shared(node.path("context")), node.path("chart_type").asText("line").intern(),
                node.path("priority").asLong(), node.path("update_every").asInt(1), shared(node.path("options")),
                shared(node.path("module")), labels, dimensions);
    }

    private static String shared(JsonNode text) {
        return text.asText().intern();
    }

    static JobSettings settings(JsonNode node) {
        return new JobSettings(Math.max(1, node.path("update_every").asInt(1)), node.path("priority").asInt(60000),
                node.path("autodetection_retry").asInt(0), node.path("chart_cleanup").asInt(10),
                node.path("penalty").asBoolean(true));
    }
}
