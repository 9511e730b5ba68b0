package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks other than {@code scale.py} ({@link ScaleBenchmarkIT}) at a tiny size, so that they cannot rot
 * between the times someone measures with them (the real runs are by hand, at their default sizes).
 */
class BenchmarkSmokeIT {

    /** {@code benchmarks/first_begin.py}: one round of each plugin, timed to its first BEGIN line. */
    @Test
    void firstBeginTimesBothPlugins() throws Exception {
        Path repository = Path.of(System.getProperty("terrarium.repository"));
        List<String> command = List.of("python3", repository.resolve("benchmarks/first_begin.py").toString(),
                "--rounds", "1", "--terrarium", Distribution.plugin().toString());
        try (PluginProcess benchmark = new PluginProcess(command, Map.of(), repository)) {
            assertTrue(benchmark.process().waitFor(120, TimeUnit.SECONDS), "the smoke run ends on its own");
            String output = String.join("\n", benchmark.stdoutTexts()) + "\nstderr:\n"
                    + PluginProcess.tail(benchmark.stderr);
            assertEquals(0, benchmark.process().exitValue(), output);
            for (String plugin : List.of("python.d.plugin ", "terrarium.plugin")) {
                Pattern timed = Pattern.compile("median " + Pattern.quote(plugin) + " +[0-9.]+ s");
                assertEquals(1, benchmark.count(line -> timed.matcher(line).matches()), output);
            }
            assertEquals(1, benchmark.count(line -> line.matches("ratio terrarium/python\\.d [0-9.]+")), output);
        }
    }

    /**
     * {@code benchmarks/datakit_sink.py}: it still compiles its Java half against the sink as built, runs DataKit's way
     * and the sink's on the same points, and checks that the stand-in received every point.
     */
    @Test
    void smokeRunDeliversEveryPointBothWaysAndPrintsTheRatios() throws Exception {
        Path repository = Path.of(System.getProperty("terrarium.repository"));
        // Debian's python3: python3-requests is what DataKit's SDK posts with (test.sh installs it)
        List<String> command = List.of("/usr/bin/python3", repository.resolve("benchmarks/datakit_sink.py").toString(),
                "--reports", "20", "--points-per-report", "2", "--rounds", "1");
        try (PluginProcess benchmark = new PluginProcess(command, Map.of(), repository)) {
            assertTrue(benchmark.process().waitFor(120, TimeUnit.SECONDS), "the smoke run ends on its own");
            String output = String.join("\n", benchmark.stdoutTexts()) + "\nstderr:\n"
                    + PluginProcess.tail(benchmark.stderr);
            assertEquals(0, benchmark.process().exitValue(), output);
            Pattern ratios = Pattern.compile(" *ratio sink / requests\\.post: [0-9.]+x; sink / requests\\.Session: "
                    + "[0-9.]+x");
            assertEquals(1, benchmark.count(line -> ratios.matcher(line).matches()), output);
            assertEquals(1, benchmark.count(line -> line.startsWith("20 reports of 2 points (40 points)")), output);
        }
    }
}
