package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules that raise, hang in get_data, hang in check and print to stdout, beside a healthy one: each
 * problem is one clear log line naming module and job, the healthy job keeps every tick, stdout stays pure
 * protocol, and no process outlives the plugin.
 */
class FailureIsolationIT {

    private static final String STEADY = "steady.ticks";
    private static final int HEALTHY_JOBS = 1000;

    @TempDir
    Path temp;

    @Test
    void misbehavingModulesAreContainedAndTheHealthyOneKeepsEveryTick() throws Exception {
        Distribution.Layout layout = misbehavingBesideSteady();

        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            // long enough for the hang in get_data to be detected and its worker killed and restarted
            plugin.awaitStdout("eight steady ticks", 30_000,
                    lines -> ProtocolBlocks.parse(lines).blocksOf(STEADY).size() >= 8);
            plugin.awaitStdout("the hanger's worker killed", 10_000,
                    lines -> plugin.stderr.stream().anyMatch(l -> l.contains("hanger[hanger]")
                            && l.contains("did not answer")));
            assertTrue(plugin.terminate(5_000), "the plugin stops on SIGTERM");

            ProtocolBlocks parsed = ProtocolBlocks.parse(plugin.stdoutTexts());
            assertTrue(parsed.unknown.isEmpty(), "stdout carries protocol only, no print: " + parsed.unknown);

            List<ProtocolBlocks.Block> steady = parsed.blocksOf(STEADY);
            for (int i = 1; i < steady.size(); i++) {
                long micros = steady.get(i).microseconds();
                assertTrue(micros > 900_000 && micros < 1_100_000,
                        "steady kept every tick: block " + i + " says " + micros + " us");
                assertEquals(String.valueOf(i + 1), steady.get(i).values().get("tick"),
                        "steady's counter went up by one per tick");
            }
            assertFalse(parsed.definitions.containsKey("checkhanger.counter"), "a hung check never runs");

            String log = String.join("\n", plugin.stderr);
            assertLogged(log, "raiser[raiser]", "deliberate failure in get_data");
            assertLogged(log, "hanger[hanger]", "did not answer within 2000 ms");
            assertLogged(log, "checkhanger[checkhanger]", "check did not answer within 2000 ms");
            assertLogged(log, "printer", "a stray print that must not reach Netdata");
            assertTrue(parsed.definitions.containsKey("printer.counter"), "the printing module still collects");

            assertEquals(List.of(), plugin.survivors(), "no process of the plugin survives it");
        }
    }

    /** Issue 9: the same misbehaving modules beside a thousand healthy jobs, which keep every tick. */
    @Test
    void aThousandHealthyJobsKeepEveryTickBesideMisbehavingModules() throws Exception {
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < HEALTHY_JOBS; i++) {
            jobs.append("j").append(i).append(":\n  update_every: 1\n");
        }
        Distribution.Layout layout = misbehavingBesideSteady().moduleConf("steady", jobs.toString());

        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            Await.until("the hanger's worker killed", 60_000,
                    () -> plugin.stderr.stream().anyMatch(l -> l.contains("hanger[hanger]")
                            && l.contains("did not answer")), () -> PluginProcess.tail(plugin.stderr));
            // a cheap condition (the test shares the machine with the plugin): BEGIN lines of the last job
            java.util.function.Predicate<String> lastJobBegins = line -> line.startsWith("BEGIN")
                    && line.contains("steady_j" + (HEALTHY_JOBS - 1) + ".ticks");
            long before = plugin.count(lastJobBegins);
            Await.until("eight more ticks of the last healthy job", 30_000,
                    () -> plugin.count(lastJobBegins) >= before + 8, () -> PluginProcess.tail(plugin.stderr));
            assertTrue(plugin.terminate(5_000), "the plugin stops on SIGTERM");

            ProtocolBlocks parsed = ProtocolBlocks.parse(plugin.stdoutTexts());
            assertTrue(parsed.unknown.isEmpty(), "stdout carries protocol only, no print: " + parsed.unknown);
            for (int job = 0; job < HEALTHY_JOBS; job++) {
                List<ProtocolBlocks.Block> ticks = parsed.blocksOf("steady_j" + job + ".ticks");
                assertTrue(ticks.size() >= 8, "steady_j" + job + " collected: " + ticks.size() + " ticks");
                for (int i = 1; i < ticks.size(); i++) {
                    long micros = ticks.get(i).microseconds();
                    assertTrue(micros > 900_000 && micros < 1_100_000,
                            "steady_j" + job + " kept every tick: block " + i + " says " + micros + " us");
                    assertEquals(String.valueOf(i + 1), ticks.get(i).values().get("tick"),
                            "steady_j" + job + "'s counter went up by one per tick");
                }
            }
            assertFalse(parsed.definitions.containsKey("checkhanger.counter"), "a hung check never runs");
            assertTrue(parsed.definitions.containsKey("printer.counter"), "the printing module still collects");
            String log = String.join("\n", plugin.stderr);
            assertLogged(log, "raiser[raiser]", "deliberate failure in get_data");
            assertLogged(log, "checkhanger[checkhanger]", "check did not answer within 2000 ms");
            assertEquals(List.of(), plugin.survivors(), "no process of the plugin survives it");
        }
    }

    /** The steady module beside one that raises, one that hangs in get_data, one that hangs in check, one that prints. */
    private Distribution.Layout misbehavingBesideSteady() {
        return new Distribution.Layout(temp)
                .pythonDConf("enabled: yes\n")
                .module("e2e/python.d/steady.chart.py", "steady")
                .module("e2e/python.d/misbehave.chart.py", "raiser")
                .module("e2e/python.d/misbehave.chart.py", "hanger")
                .module("e2e/python.d/misbehave.chart.py", "checkhanger")
                .module("e2e/python.d/misbehave.chart.py", "printer")
                .moduleConf("raiser", "mode: raise\n")
                .moduleConf("hanger", "mode: hang\ncollect_timeout: 2\n")
                .moduleConf("checkhanger", "mode: checkhang\ncheck_timeout: 2\n")
                .moduleConf("printer", "mode: print\n");
    }

    private static void assertLogged(String log, String who, String what) {
        assertTrue(log.lines().anyMatch(line -> line.contains(who) && line.contains(what)),
                "a log line naming " + who + " says '" + what + "'\n" + PluginProcess.tail(log.lines().toList()));
    }
}
