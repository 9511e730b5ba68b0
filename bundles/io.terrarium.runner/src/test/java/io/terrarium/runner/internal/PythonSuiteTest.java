package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the Python side's own unit tests (python.d/core/tests), so {@code mvn verify} covers both halves of the
 * worker protocol: with the interpreter workers use by default ({@code python3} from PATH) and with Debian's
 * {@code /usr/bin/python3}, the one python.d.plugin runs on (test.sh gives it python3-pymysql and python3-yaml).
 * The two differ in what they have installed (urllib3 1.x and 2.x, a MySQL driver or none), so between them
 * both sides of every "with or without this library" test run.
 */
class PythonSuiteTest {

    @ParameterizedTest
    @ValueSource(strings = {"python3", "/usr/bin/python3"})
    void pythonWorkerTestsPass(String interpreter) throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(interpreter, "-m", "unittest", "discover", "-s", "python.d/core/tests",
                "-t", "python.d/core").directory(root.toFile()).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "python tests finished");
            System.out.println(interpreter + ":\n" + output);
            Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(output);
            assertTrue(ran.find() && Integer.parseInt(ran.group(1)) > 0, "some tests ran:\n" + output);
            assertEquals(0, process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
