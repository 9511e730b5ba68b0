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
 * {@code benchmarks/scale.py --smoke}: the scale benchmark still runs python.d.plugin and terrarium.plugin and
 * takes every measurement of each, so it cannot rot between the times someone measures with it.
 */
class ScaleBenchmarkIT {

    private static final String JOBS = "3";

    @Test
    void smokeRunMeasuresBothPluginsOnBothRows() throws Exception {
        Path repository = Path.of(System.getProperty("terrarium.repository"));
        List<String> command = List.of("python3", repository.resolve("benchmarks/scale.py").toString(), "--smoke",
                "--jobs", JOBS, "--blocking", JOBS, "--terrarium", Distribution.plugin().toString());
        try (PluginProcess benchmark = new PluginProcess(command, Map.of(), repository)) {
            assertTrue(benchmark.process().waitFor(120, TimeUnit.SECONDS), "the smoke run ends on its own");
            String output = String.join("\n", benchmark.stdoutTexts()) + "\nstderr:\n"
                    + PluginProcess.tail(benchmark.stderr);
            assertEquals(0, benchmark.process().exitValue(), output);
            for (String row : List.of(JOBS, JOBS + " slowhttp")) {
                for (String plugin : List.of("python.d.plugin", "terrarium.plugin")) {
                    // every cell a number: CPU %, peak PSS MB, peak threads, first BEGIN s, ticks on time %
                    Pattern measured = Pattern.compile("\\| " + Pattern.quote(row) + " \\| " + Pattern.quote(plugin)
                            + " \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+ \\| [0-9.]+ \\| [0-9.]+ \\|");
                    assertEquals(1, benchmark.count(line -> measured.matcher(line).matches()),
                            "one measured row for " + plugin + " at " + row + " jobs:\n" + output);
                }
            }
        }
    }
}
