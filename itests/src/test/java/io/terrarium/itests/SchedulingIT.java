package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** python.d's job rules through terrarium.plugin: autodetection retry and jobs that share a name. */
class SchedulingIT {

    @TempDir
    Path temp;

    @Test
    void jobWhoseCheckFailsIsRetriedEveryAutodetectionRetrySecondsAndRunsOnceItPasses() throws Exception {
        Path flag = temp.resolve("flag");
        Distribution.Layout layout = new Distribution.Layout(temp.resolve("layout")).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/misbehave.chart.py", "flaky")
                .moduleConf("flaky", "mode: checkfile\nautodetection_retry: 1\nflag: " + flag + "\n");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            plugin.awaitStdout("a first failed check", 30_000,
                    lines -> plugin.stderr.stream().anyMatch(l -> l.contains("flaky[flaky]") && l.contains("check")));
            assertEquals(0, ProtocolBlocks.parse(plugin.stdoutTexts()).blocks.size(), "no data before the check passes");
            Files.writeString(flag, "now");
            plugin.awaitStdout("data after a retry", 10_000,
                    lines -> !ProtocolBlocks.parse(lines).blocksOf("flaky.counter").isEmpty());
        }
    }

    @Test
    void runningJobsAreRecordedAndAfterARestartAFailingOneIsRecheckedInsteadOfDropped() throws Exception {
        Path flag = temp.resolve("flag");
        Files.writeString(flag, "up");
        Distribution.Layout layout = new Distribution.Layout(temp.resolve("layout")).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/misbehave.chart.py", "flaky")
                .moduleConf("flaky", "mode: checkfile\nflag: " + flag + "\n");
        Path statuses = layout.root.resolve("lib/pythond-jobs-statuses.json");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            plugin.awaitStdout("data", 30_000, lines -> !ProtocolBlocks.parse(lines).blocksOf("flaky.counter").isEmpty());
            Await.until("the status file names the job active", 5_000,
                    () -> Files.isRegularFile(statuses) && read(statuses).replaceAll("\\s", "")
                            .contains("\"flaky\":{\"flaky\":\"active\"}"));
        }
        // the service is down when the plugin comes back: python.d re-checks a job that was active, 30 s apart
        Files.delete(flag);
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            plugin.awaitStdout("a recovery re-check is planned", 30_000,
                    lines -> plugin.stderr.stream().anyMatch(l -> l.contains("flaky[flaky]")
                            && l.contains("checking again in 30 s")));
            assertFalse(plugin.stdoutTexts().contains("DISABLE"), "a recovering job keeps the plugin alive");
            Await.until("the status file names the job recovering", 5_000,
                    () -> read(statuses).contains("recovering"), () -> read(statuses));
        }
    }

    @Test
    void jobThatPythonDPluginAlreadyCollectsIsNotCollectedTwice() throws Exception {
        // python.d.plugin and terrarium.plugin on one host, one lock folder: the job's flock() lock decides
        Distribution.Layout layout = new Distribution.Layout(temp.resolve("shared")).pythonDConf("example: yes\n");
        java.util.Map<String, String> env = layout.environment(Path.of("/usr/lib/netdata/conf.d"),
                Path.of("/usr/lib/netdata/plugins.d"));
        try (PluginProcess reference = new PluginProcess(
                List.of("/usr/lib/netdata/plugins.d/python.d.plugin", "1", "example"), env, null)) {
            reference.awaitStdout("python.d.plugin collecting", 30_000,
                    lines -> !ProtocolBlocks.parse(lines).blocksOf("example_Four_Lines.random").isEmpty());
            try (PluginProcess ours = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "example"),
                    env, null)) {
                assertTrue(ours.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS),
                        "with its only job taken, terrarium.plugin has nothing to run");
                assertTrue(ours.stderr.stream().anyMatch(l -> l.contains("example[four_lines]")
                        && l.contains("already collected by another process")), PluginProcess.tail(ours.stderr));
                assertTrue(ProtocolBlocks.parse(ours.stdoutTexts()).disabled, "DISABLE");
                assertTrue(ProtocolBlocks.parse(ours.stdoutTexts()).blocks.isEmpty(), "no data collected twice");
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void ofJobsSharingANameTheFirstWhoseCheckPassesRunsAndOnlyExactNamesAreAlternatives() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/misbehave.chart.py", "alt")
                .moduleConf("alt", """
                        first:
                          name: same
                          mode: checkfalse
                        second:
                          name: same
                        third:
                          name: same
                        other:
                          name: same_extra
                        """);
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            plugin.awaitStdout("two jobs collecting", 30_000, lines -> {
                ProtocolBlocks parsed = ProtocolBlocks.parse(lines);
                return parsed.blocksOf("alt_same.counter").size() >= 2
                        && parsed.blocksOf("alt_same_extra.counter").size() >= 2;
            });
            ProtocolBlocks parsed = ProtocolBlocks.parse(plugin.stdoutTexts());
            List<List<String>> labels = parsed.definitions.get("alt_same.counter").labels();
            assertEquals(List.of("CLABEL", "_collect_job", "second", "0"), labels.get(0),
                    "the second job, the first whose check passes, runs as 'same'");
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("alt[third]") && l.contains("skipped")),
                    "the third is skipped: " + PluginProcess.tail(plugin.stderr));
            assertFalse(plugin.stderr.stream().anyMatch(l -> l.contains("alt[other]") && l.contains("skipped")),
                    "same_extra is not an alternative of same (python.d's substring match would say it is)");
        }
    }
}
