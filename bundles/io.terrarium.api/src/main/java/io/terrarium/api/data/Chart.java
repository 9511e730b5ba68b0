package io.terrarium.api.data;

import java.util.List;

/**
 * A chart definition: Netdata's CHART line with its labels and dimensions. Immutable; a chart whose
 * definition changes (a dimension added, hidden, the chart obsoleted) is a new instance, so a sink can tell
 * whether it has sent the current definition by comparing with {@link #equals}.
 *
 * @param type      the chart's type, {@code <module>_<job name>} or {@code <module>}
 * @param id        the chart's id within its type
 * @param name      the chart's name, empty for the default
 * @param chartType {@code line}, {@code area} or {@code stacked}
 * @param options   chart options ({@code obsolete}, {@code hidden}, ...), space separated, or empty
 * @param module    the module that collects it
 */
public record Chart(
        String type,
        String id,
        String name,
        String title,
        String units,
        String family,
        String context,
        String chartType,
        long priority,
        int updateEvery,
        String options,
        String module,
        List<ChartLabel> labels,
        List<Dimension> dimensions) {

    public Chart {
        labels = List.copyOf(labels);
        dimensions = List.copyOf(dimensions);
    }

    /** {@code type.id}, the chart's full id. */
    public String fullId() {
        return type + "." + id;
    }

    public boolean isObsolete() {
        return (" " + options + " ").contains(" obsolete ");
    }
}
