package io.terrarium.sink.netdata.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;

/**
 * Renders charts and values as python.d.plugin writes them: one block per definition or update, each
 * followed by an empty line. Stateless; the sink decides what needs defining.
 */
final class ProtocolRenderer {

    private static final String[] CHART_TYPES = {"line", "area", "stacked"};
    private static final String[] ALGORITHMS = {"absolute", "incremental", "percentage-of-absolute-row",
            "percentage-of-incremental-row"};

    /** Up to this many dimensions a SET's dimension is looked up by a scan, beyond it in a set. */
    private static final int SCANNED_DIMENSIONS = 16;

    private final String pluginName;

    ProtocolRenderer(String pluginName) {
        this.pluginName = pluginName;
    }

    void definition(StringBuilder out, Chart chart) {
        out.append("CHART ").append(ProtocolText.id(chart.type())).append('.').append(ProtocolText.id(chart.id()))
                .append(' ');
        ProtocolText.quoted(out, chart.name());
        out.append(' ');
        ProtocolText.quoted(out, chart.title());
        out.append(' ');
        ProtocolText.quoted(out, chart.units());
        out.append(' ');
        ProtocolText.quoted(out, chart.family());
        out.append(' ');
        ProtocolText.quoted(out, chart.context());
        out.append(' ').append(ProtocolText.keyword(chart.chartType(), "line", CHART_TYPES))
                .append(' ').append(chart.priority())
                .append(' ').append(Math.max(1, chart.updateEvery()))
                .append(' ');
        ProtocolText.quoted(out, chart.options());
        out.append(' ');
        ProtocolText.quoted(out, pluginName);
        out.append(' ');
        ProtocolText.quoted(out, chart.module());
        out.append('\n');
        for (ChartLabel label : chart.labels()) {
            out.append("CLABEL ");
            ProtocolText.quoted(out, ProtocolText.id(label.name()));
            out.append(' ');
            ProtocolText.quoted(out, label.value());
            out.append(" '").append(label.source()).append("'\n");
        }
        out.append("CLABEL_COMMIT\n");
        Set<String> seen = new HashSet<>();
        for (Dimension dimension : chart.dimensions()) {
            if (!seen.add(dimensionId(dimension.id()))) {
                continue;
            }
            out.append("DIMENSION ");
            ProtocolText.quoted(out, dimensionId(dimension.id()));
            out.append(' ');
            ProtocolText.quoted(out, dimension.name());
            out.append(' ').append(ProtocolText.keyword(dimension.algorithm(), "absolute", ALGORITHMS))
                    .append(' ').append(dimension.multiplier() == 0 ? 1 : dimension.multiplier())
                    .append(' ').append(dimension.divisor() == 0 ? 1 : dimension.divisor())
                    .append(" '").append(dimension.hidden() ? "hidden" : "").append(' ')
                    .append(dimension.obsolete() ? "obsolete" : "").append("'\n");
        }
        out.append('\n');
    }

    /** BEGIN, SET for each value of a defined dimension, VARIABLE for each variable, END. */
    void update(StringBuilder out, ChartUpdate update) {
        Chart chart = update.chart();
        Set<String> known = chart.dimensions().size() <= SCANNED_DIMENSIONS ? null : dimensionIds(chart);
        out.append("BEGIN ").append(ProtocolText.id(chart.type())).append('.').append(ProtocolText.id(chart.id()))
                .append(' ').append(Math.max(0, update.sinceLastMicros())).append('\n');
        for (DimensionValue value : update.values()) {
            String id = dimensionId(value.id());
            // a SET for a dimension the daemon does not know disables the plugin for good
            if (value.value() instanceof Long number && (known == null ? defines(chart, id) : known.contains(id))) {
                out.append("SET ");
                ProtocolText.quoted(out, id);
                out.append(" = ").append(number.longValue()).append('\n');
            }
        }
        variables(out, update.variables());
        out.append("END\n\n");
    }

    private static Set<String> dimensionIds(Chart chart) {
        Set<String> ids = new HashSet<>();
        chart.dimensions().forEach(d -> ids.add(dimensionId(d.id())));
        return ids;
    }

    /** Whether the chart has the dimension: a scan, for a chart of a few (no set built per update). */
    private static boolean defines(Chart chart, String id) {
        for (Dimension dimension : chart.dimensions()) {
            if (dimensionId(dimension.id()).equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static void variables(StringBuilder out, List<DimensionValue> variables) {
        for (DimensionValue variable : variables) {
            if (variable.value() instanceof Long number) {
                out.append("VARIABLE CHART ");
                ProtocolText.quoted(out, ProtocolText.id(variable.id()));
                out.append(" = ").append(number.longValue()).append('\n');
            }
        }
    }

    void runtimeDefinition(StringBuilder out, String fullName, String module, String job, int updateEvery) {
        out.append("CHART netdata.runtime_").append(ProtocolText.id(fullName))
                .append(" '' 'Execution time' 'ms' 'python.d' netdata.pythond_runtime line 145000 ")
                .append(Math.max(1, updateEvery)).append(" '' ");
        ProtocolText.quoted(out, pluginName);
        out.append(' ');
        ProtocolText.quoted(out, module);
        out.append("\nCLABEL '_collect_job' ");
        ProtocolText.quoted(out, job);
        out.append(" '1'\nCLABEL_COMMIT\nDIMENSION run_time 'run time' absolute 1 1\n\n");
    }

    void runtimeUpdate(StringBuilder out, String fullName, long sinceMicros, long elapsedMillis) {
        out.append("BEGIN netdata.runtime_").append(ProtocolText.id(fullName)).append(' ')
                .append(Math.max(0, sinceMicros)).append("\nSET run_time = ").append(Math.max(0, elapsedMillis))
                .append("\nEND\n\n");
    }

    /** Dimension ids travel quoted, but the daemon's word splitter still needs them free of control chars. */
    private static String dimensionId(String id) {
        return id == null || id.isEmpty() ? "_" : id;
    }
}
