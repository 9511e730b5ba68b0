package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Compares what python.d.plugin and terrarium.plugin wrote for one stock module's job, update by update. An
 * update is everything a plugin wrote for the job up to and including the job's runtime block (both plugins
 * end each successful update with it): the chart definitions sent then, and the BEGIN/SET/END blocks.
 */
final class StockComparison {

    private StockComparison() {
    }

    /** One update of a job: definitions sent in it, per chart in order, and its blocks in order. */
    record Update(Map<String, List<String>> definitions, List<String> blocks, Map<String, Map<String, String>> values) {
    }

    /** The job's updates as the plugin wrote them. */
    static List<Update> updates(ProtocolBlocks parsed, String module) {
        return updates(parsed, module, UnaryOperator.identity());
    }

    /** The job's updates with every chart id passed through {@code chartId}. */
    static List<Update> updates(ProtocolBlocks parsed, String module, UnaryOperator<String> chartId) {
        String type = StockPeers.type(module);
        String runtime = StockPeers.runtimeChart(module);
        List<Update> updates = new ArrayList<>();
        Update current = new Update(new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>());
        for (Object item : parsed.written) {
            if (item instanceof ProtocolBlocks.Definition definition && belongs(definition.id(), type, runtime)) {
                current.definitions().computeIfAbsent(chartId.apply(definition.id()), id -> new ArrayList<>())
                        .add(text(definition, chartId));
            } else if (item instanceof ProtocolBlocks.Block block && belongs(block.chart(), type, runtime)) {
                boolean isRuntime = block.chart().equals(runtime);
                current.blocks().add(chartId.apply(block.chart()) + (block.microseconds() == 0 ? " first " : " later ")
                        + block.values().keySet());
                if (!isRuntime) {
                    current.values().put(chartId.apply(block.chart()), block.values());
                }
                if (isRuntime) {
                    updates.add(current);
                    current = new Update(new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>());
                }
            }
        }
        return updates;
    }

    private static boolean belongs(String chart, String type, String runtime) {
        return chart.startsWith(type + ".") || chart.equals(runtime);
    }

    /**
     * A definition as text: CHART words with the plugin's own name left out, then CLABEL and DIMENSION lines.
     * A chart retirement is its CHART words up to update_every and its options: python.d writes it as a bare
     * CHART line (no plugin, module, labels or dimensions) with the options ' obsolete'; the daemon reads any
     * options containing 'obsolete' the same way.
     */
    static String text(ProtocolBlocks.Definition definition, UnaryOperator<String> chartId) {
        List<String> chart = new ArrayList<>(definition.chart());
        chart.set(1, chartId.apply(chart.get(1)));
        if (chart.size() > 10 && chart.get(10).contains("obsolete")) {
            List<String> retirement = new ArrayList<>(chart.subList(0, 10));
            retirement.add(String.join(" ", new java.util.TreeSet<>(List.of(chart.get(10).trim().split("\\s+")))));
            return "retired: " + String.join(" | ", retirement);
        }
        if (chart.size() > 11) {
            chart.set(11, "<plugin>");
        }
        StringBuilder text = new StringBuilder(String.join(" | ", chart));
        definition.labels().forEach(words -> text.append("\n  ").append(String.join(" | ", words)));
        definition.dimensions().forEach(words -> text.append("\n  ").append(String.join(" | ", words)));
        return text.toString();
    }

    /**
     * The same charts, defined the same way in the same updates, and the same blocks (charts, first or later,
     * dimensions set) in each of the first {@code count} updates; with {@code sameValues}, the same values too.
     */
    static void assertSameUpdates(ProtocolBlocks reference, ProtocolBlocks ours, String module, int count,
            boolean sameValues, String oursLog) {
        assertSameUpdates(reference, ours, module, count, sameValues, oursLog, UnaryOperator.identity());
    }

    /** {@link #assertSameUpdates} with chart ids of both plugins passed through {@code chartId} first. */
    static void assertSameUpdates(ProtocolBlocks reference, ProtocolBlocks ours, String module, int count,
            boolean sameValues, String oursLog, UnaryOperator<String> chartId) {
        assertSameUpdates(reference, ours, module, count, sameValues, oursLog, chartId, UnaryOperator.identity());
    }

    /**
     * {@link #assertSameUpdates} expecting python.d.plugin's definitions corrected by {@code referenceFix}
     * (applied to each definition as {@link #text} gives it), for a python.d bug terrarium.plugin does not copy.
     */
    static void assertSameUpdates(ProtocolBlocks reference, ProtocolBlocks ours, String module, int count,
            boolean sameValues, String oursLog, UnaryOperator<String> chartId, UnaryOperator<String> referenceFix) {
        for (ProtocolBlocks.Definition definition : ours.definitionLog) {
            if (belongs(definition.id(), StockPeers.type(module), StockPeers.runtimeChart(module))
                    && definition.chart().size() > 11) {
                assertEquals("terrarium.plugin", definition.chart().get(11), "plugin name in " + definition.chart());
            }
        }
        List<Update> expected = updates(reference, module, chartId);
        expected.forEach(update -> update.definitions().replaceAll((chart, texts) ->
                texts.stream().map(referenceFix).toList()));
        List<Update> actual = updates(ours, module, chartId);
        assertTrue(expected.size() >= count, "python.d.plugin made " + expected.size() + " updates of " + module);
        assertTrue(actual.size() >= count, "terrarium.plugin made " + actual.size() + " updates of " + module
                + ", python.d.plugin " + expected.size() + "\n" + oursLog);
        assertEquals(chartsDefined(expected.subList(0, count)), chartsDefined(actual.subList(0, count)),
                module + ": the same charts, in the same order");
        for (int i = 0; i < count; i++) {
            String where = module + ", update " + (i + 1) + ": ";
            assertEquals(expected.get(i).definitions().keySet(), actual.get(i).definitions().keySet(),
                    where + "charts (re)defined");
            for (String chart : expected.get(i).definitions().keySet()) {
                assertEquals(String.join("\n", expected.get(i).definitions().get(chart)),
                        String.join("\n", actual.get(i).definitions().get(chart)), where + "definition of " + chart);
            }
            assertEquals(expected.get(i).blocks(), actual.get(i).blocks(), where + "BEGIN/SET/END blocks");
            if (sameValues) {
                assertEquals(expected.get(i).values(), actual.get(i).values(), where + "values");
            }
        }
    }

    /** Each chart's values as they changed over the run (repeats of the previous values left out). */
    static Map<String, List<Map<String, String>>> valueChanges(List<Update> updates) {
        Map<String, List<Map<String, String>>> changes = new LinkedHashMap<>();
        for (Update update : updates) {
            update.values().forEach((chart, values) -> {
                List<Map<String, String>> seen = changes.computeIfAbsent(chart, c -> new ArrayList<>());
                if (seen.isEmpty() || !Objects.equals(seen.get(seen.size() - 1), values)) {
                    seen.add(values);
                }
            });
        }
        return changes;
    }

    private static List<String> chartsDefined(List<Update> updates) {
        List<String> charts = new ArrayList<>();
        for (Update update : updates) {
            for (String chart : update.definitions().keySet()) {
                if (!charts.contains(chart)) {
                    charts.add(chart);
                }
            }
        }
        return charts;
    }

    /**
     * The chart's name as the Netdata daemon (1.37) derives it from a chart id: characters other than letters,
     * digits, '.', '_' and '-' become '_'. The daemon keeps the id itself as sent.
     */
    static String daemonChartName(String chartId) {
        return chartId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The charts the job defined, in order of first definition. */
    static List<String> charts(ProtocolBlocks parsed, String module) {
        return chartsDefined(updates(parsed, module));
    }

    /** The values of the job's last update that set the chart. */
    static Map<String, String> lastValues(ProtocolBlocks parsed, String module, String chart) {
        List<Update> updates = updates(parsed, module);
        for (int i = updates.size() - 1; i >= 0; i--) {
            Map<String, String> values = updates.get(i).values().get(chart);
            if (values != null) {
                return values;
            }
        }
        return Map.of();
    }
}
