package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debug mode, python.d.plugin's "<module> debug trace": a few runs with what Netdata would receive on stdout,
 * every error with its traceback on stderr, and an exit status that says whether every job worked.
 */
class DebugModeIT {

    @TempDir
    Path temp;

    @Test
    void healthyModuleRunsAFewTimesPrintsTheProtocolAndExitsZero() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/steady.chart.py", "steady");
        try (PluginProcess plugin = new PluginProcess(
                Distribution.command(Distribution.plugin(), "1", "steady", "debug", "trace"), layout.environment(), null)) {
            assertTrue(plugin.process().waitFor(60, TimeUnit.SECONDS), "the debug run ends on its own");
            assertEquals(0, plugin.process().exitValue(), PluginProcess.tail(plugin.stderr));
            ProtocolBlocks parsed = ProtocolBlocks.parse(plugin.stdoutTexts());
            assertTrue(parsed.definitions.containsKey("steady.ticks"));
            assertTrue(parsed.blocksOf("steady.ticks").size() >= 3, "three runs at least");
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("steady[steady]: ok")));
        }
    }

    @Test
    void failingJobIsReportedWithItsTracebackAndExitsNonZero() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/misbehave.chart.py", "raiser")
                .moduleConf("raiser", "mode: raise\n");
        try (PluginProcess plugin = new PluginProcess(
                Distribution.command(Distribution.home().resolve("bin/terrarium"), "debug", "raiser"),
                layout.environment(), null)) {
            assertTrue(plugin.process().waitFor(60, TimeUnit.SECONDS), "the debug run ends on its own");
            assertEquals(1, plugin.process().exitValue());
            String log = String.join("\n", plugin.stderr);
            assertTrue(log.contains("Traceback"), "the traceback is printed:\n" + log);
            assertTrue(log.contains("RuntimeError: deliberate failure in get_data"), log);
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("raiser[raiser]: FAILED")), log);
        }
    }

    @Test
    void debugRunsOnlyTheNamedJobs() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/misbehave.chart.py", "pair")
                .moduleConf("pair", "good:\n  mode: ok\nbad:\n  mode: raise\n");
        try (PluginProcess plugin = new PluginProcess(
                Distribution.command(Distribution.home().resolve("bin/terrarium"), "debug", "pair", "good"),
                layout.environment(), null)) {
            assertTrue(plugin.process().waitFor(60, TimeUnit.SECONDS), "the debug run ends on its own");
            assertEquals(0, plugin.process().exitValue(), PluginProcess.tail(plugin.stderr));
            List<String> summary = plugin.stderr.stream().filter(l -> l.contains("debug: pair[")).toList();
            assertEquals(1, summary.size(), summary.toString());
            assertTrue(summary.get(0).contains("pair[good]: ok"));
            assertFalse(ProtocolBlocks.parse(plugin.stdoutTexts()).definitions.containsKey("pair_bad.counter"));
        }
    }
}
