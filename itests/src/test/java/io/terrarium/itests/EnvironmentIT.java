package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** python.d.plugin's environment and command line, as terrarium.plugin reads them. */
class EnvironmentIT {

    private static final String CHART = "steady.ticks";

    @TempDir
    Path temp;

    private Distribution.Layout layout() {
        return new Distribution.Layout(temp).pythonDConf("enabled: yes\n").module("e2e/python.d/steady.chart.py", "steady");
    }

    private ProtocolBlocks run(Map<String, String> extraEnv, int blocks, String... args) throws Exception {
        Distribution.Layout layout = layout();
        Map<String, String> env = new java.util.HashMap<>(layout.environment());
        env.putAll(extraEnv);
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), args), env, null)) {
            plugin.awaitStdout(blocks + " blocks", 30_000, lines -> ProtocolBlocks.parse(lines).blocksOf(CHART).size() >= blocks);
            return ProtocolBlocks.parse(plugin.stdoutTexts());
        }
    }

    @Test
    void internalsMonitoringNoMeansNoRuntimeCharts() throws Exception {
        ProtocolBlocks parsed = run(Map.of("NETDATA_INTERNALS_MONITORING", "NO"), 2, "1", "nolock");
        assertEquals(List.of(CHART), List.copyOf(parsed.definitions.keySet()));
    }

    @Test
    void netdataUpdateEveryIsTheJobsDefault() throws Exception {
        ProtocolBlocks parsed = run(Map.of("NETDATA_UPDATE_EVERY", "2"), 2, "1", "nolock");
        assertEquals("2", parsed.definitions.get(CHART).chart().get(9), "CHART's update_every");
        long micros = parsed.blocksOf(CHART).get(1).microseconds();
        assertTrue(Math.abs(micros - 2_000_000) < 100_000, "two seconds between runs: " + micros);
    }

    @Test
    void numericArgumentRaisesJobsBelowIt() throws Exception {
        ProtocolBlocks parsed = run(Map.of(), 2, "3", "nolock");
        assertEquals("3", parsed.definitions.get(CHART).chart().get(9), "CHART's update_every");
        long micros = parsed.blocksOf(CHART).get(1).microseconds();
        assertTrue(Math.abs(micros - 3_000_000) < 100_000, "three seconds between runs: " + micros);
    }

    @Test
    void moduleInAUserPluginsDirWinsOverTheStockOneOfTheSameName() throws Exception {
        Path user = Distribution.mkdirs(temp.resolve("user-plugins/python.d"));
        // the user's "steady" module charts under another context, so the test can tell which one ran
        String source = Files.readString(Distribution.resource("e2e/python.d/steady.chart.py"))
                .replace("'steady.ticks'", "'user.ticks'");
        Files.writeString(user.resolve("steady.chart.py"), source);
        ProtocolBlocks parsed = run(Map.of("NETDATA_USER_PLUGINS_DIRS", temp.resolve("user-plugins") + " /nonexistent"),
                1, "1", "nolock");
        assertEquals("user.ticks", parsed.definitions.get(CHART).chart().get(6), "the user's module ran");
        assertFalse(parsed.definitions.get(CHART).chart().get(6).equals("steady.ticks"));
    }
}
