package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Runs the Python side's own unit tests (python.d/core/tests) with the interpreter workers use, so
 * {@code mvn verify} covers both halves of the worker protocol.
 */
class PythonSuiteTest {

    @Test
    void pythonWorkerTestsPass() throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "python.d/core/tests",
                "-t", "python.d/core").directory(root.toFile()).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python tests finished");
            System.out.println(output);
            Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(output);
            assertTrue(ran.find() && Integer.parseInt(ran.group(1)) > 0, "some tests ran:\n" + output);
            assertEquals(0, process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
