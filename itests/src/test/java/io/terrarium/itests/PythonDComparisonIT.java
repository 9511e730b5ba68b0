package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock Debian module {@code example}, unmodified, under the real python.d.plugin and under
 * terrarium.plugin with the same configuration: the same definitions and the same shape of every tick.
 */
class PythonDComparisonIT {

    private static final Path STOCK_CONFIG = Path.of("/usr/lib/netdata/conf.d");
    private static final Path STOCK_PLUGINS = Path.of("/usr/lib/netdata/plugins.d");
    private static final Path PYTHON_D_PLUGIN = STOCK_PLUGINS.resolve("python.d.plugin");
    private static final String CHART = "example_Four_Lines.random";
    private static final String RUNTIME = "netdata.runtime_example_Four_Lines";
    private static final int TICKS = 4;

    @TempDir
    Path temp;

    @Test
    void exampleModuleGivesTheSameProtocolAsPythonDPlugin() throws Exception {
        // the stock python.d.conf disables example; the user file turns it on, as an operator would
        ProtocolBlocks reference = run(PYTHON_D_PLUGIN, "reference");
        ProtocolBlocks ours = run(Distribution.plugin(), "terrarium");

        assertTrue(reference.unknown.isEmpty(), "python.d.plugin wrote only protocol: " + reference.unknown);
        assertTrue(ours.unknown.isEmpty(), "terrarium.plugin wrote only protocol: " + ours.unknown);
        assertEquals(List.of(RUNTIME, CHART), List.copyOf(reference.definitions.keySet()), "reference charts");
        assertEquals(List.copyOf(reference.definitions.keySet()), List.copyOf(ours.definitions.keySet()),
                "the same charts, defined in the same order");

        for (String chart : reference.definitions.keySet()) {
            ProtocolBlocks.Definition expected = reference.definitions.get(chart);
            ProtocolBlocks.Definition actual = ours.definitions.get(chart);
            assertEquals(withoutPluginName(expected.chart()), withoutPluginName(actual.chart()), chart + " CHART");
            assertEquals("python.d.plugin", expected.chart().get(11));
            assertEquals("terrarium.plugin", actual.chart().get(11));
            assertEquals(expected.labels(), actual.labels(), chart + " CLABEL");
            assertEquals(expected.dimensions(), actual.dimensions(), chart + " DIMENSION");
        }

        List<String> expectedShape = shape(reference);
        List<String> actualShape = shape(ours);
        assertEquals(expectedShape.subList(0, 2 * TICKS), actualShape.subList(0, 2 * TICKS),
                "the same BEGIN/SET/END blocks per tick");
        for (ProtocolBlocks parsed : List.of(reference, ours)) {
            List<ProtocolBlocks.Block> data = parsed.blocksOf(CHART);
            assertEquals(0, data.get(0).microseconds(), "first BEGIN says 0");
            for (ProtocolBlocks.Block block : data.subList(1, TICKS)) {
                assertTrue(Math.abs(block.microseconds() - 1_000_000) < 100_000,
                        "later BEGINs say about a second: " + block.microseconds());
                for (String value : block.values().values()) {
                    int number = Integer.parseInt(value);
                    assertTrue(number >= 0 && number <= 100, "example's values are in [lower, upper]: " + number);
                }
            }
        }
    }

    @Test
    void shippedHostinfoModuleDefinesTheSameChartsUnderBothPlugins() throws Exception {
        Map<String, ProtocolBlocks> runs = new java.util.LinkedHashMap<>();
        for (Path executable : List.of(PYTHON_D_PLUGIN, Distribution.plugin())) {
            String name = executable.getFileName().toString();
            Distribution.Layout layout = new Distribution.Layout(temp.resolve(name)).pythonDConf("hostinfo: yes\n");
            Path repository = Path.of(System.getProperty("terrarium.repository"));
            Files.copy(repository.resolve("python.d/hostinfo.chart.py"), layout.modules.resolve("hostinfo.chart.py"));
            Files.copy(repository.resolve("conf.d/python.d/hostinfo.conf"),
                    layout.userConfig.resolve("python.d/hostinfo.conf"));
            // python.d.plugin imports its framework from <modules>/python_modules
            Files.createSymbolicLink(layout.modules.resolve("python_modules"),
                    Path.of("/usr/lib/netdata/python.d/python_modules"));
            try (PluginProcess plugin = new PluginProcess(
                    Distribution.command(executable, "1", "hostinfo", "nolock"), layout.environment(), null)) {
                plugin.awaitStdout(name + " ticks", 30_000,
                        lines -> ProtocolBlocks.parse(lines).blocksOf("hostinfo_local.activity").size() >= 2);
                plugin.terminate(5_000);
                runs.put(name, ProtocolBlocks.parse(plugin.stdoutTexts()));
            }
        }
        ProtocolBlocks reference = runs.get("python.d.plugin");
        ProtocolBlocks ours = runs.get("terrarium.plugin");
        assertEquals(List.of("netdata.runtime_hostinfo_local", "hostinfo_local.load", "hostinfo_local.memory",
                "hostinfo_local.activity"), List.copyOf(reference.definitions.keySet()));
        assertEquals(List.copyOf(reference.definitions.keySet()), List.copyOf(ours.definitions.keySet()));
        for (String chart : reference.definitions.keySet()) {
            assertEquals(withoutPluginName(reference.definitions.get(chart).chart()),
                    withoutPluginName(ours.definitions.get(chart).chart()), chart);
            assertEquals(reference.definitions.get(chart).dimensions(), ours.definitions.get(chart).dimensions(), chart);
            assertEquals(reference.definitions.get(chart).labels(), ours.definitions.get(chart).labels(), chart);
        }
        assertEquals(shape(reference).subList(0, 8), shape(ours).subList(0, 8));
    }

    private ProtocolBlocks run(Path executable, String name) throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp.resolve(name)).pythonDConf("example: yes\n");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(executable, "1", "example", "nolock"),
                layout.environment(STOCK_CONFIG, STOCK_PLUGINS), null)) {
            plugin.awaitStdout(name + " ticks", 30_000,
                    lines -> ProtocolBlocks.parse(lines).blocksOf(RUNTIME).size() >= TICKS);
            plugin.terminate(5_000);
            return ProtocolBlocks.parse(plugin.stdoutTexts());
        }
    }

    private static List<String> withoutPluginName(List<String> chartWords) {
        List<String> words = new ArrayList<>(chartWords);
        words.set(11, "<plugin>");
        return words;
    }

    /** Each block as its chart, whether it says 0 microseconds, and the dimensions it sets, in order. */
    private static List<String> shape(ProtocolBlocks parsed) {
        List<String> shape = new ArrayList<>();
        for (ProtocolBlocks.Block block : parsed.blocks) {
            shape.add(block.chart() + (block.microseconds() == 0 ? " first" : " later") + " "
                    + block.values().keySet());
        }
        return shape;
    }
}
