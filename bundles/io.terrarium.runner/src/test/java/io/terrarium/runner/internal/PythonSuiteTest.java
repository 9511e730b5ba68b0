package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Runs the Python side's own unit tests (python.d/core/tests), so {@code mvn verify} covers both halves of the
 * worker protocol: with the interpreter workers use by default ({@code python3} from PATH) and with Debian's
 * {@code /usr/bin/python3}, the one python.d.plugin runs on (test.sh gives it python3-pymysql and python3-yaml).
 *
 * <p>A skipped test is a failure here: it hides an install step that is missing (Netdata's modules, openssl, a
 * library). The one exception is the pair of MySQL tests that need a driver and need its absence: each may skip
 * under one interpreter, and each must have run under the other.
 */
class PythonSuiteTest {

    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");
    /** The skip reasons allowed, each for a test that must run under one of the interpreters. */
    private static final Set<String> DRIVER_VARIANTS = Set.of("no MySQL driver (python3-pymysql) in this interpreter",
            "this interpreter has a MySQL driver");
    // unittest -v: "test_x (tests.module.Class.test_x) ... skipped 'why'" (3.11), "test_x (tests.module.Class)" before
    private static final Pattern SKIPPED = Pattern.compile("^(\\w+) \\(([\\w.]+)\\)(?: \\.\\.\\.)? skipped '(.*)'$",
            Pattern.MULTILINE);

    @Test
    void pythonWorkerTestsPassUnderBothInterpretersWithNothingSkippedButOneMySqlVariantEach() throws Exception {
        Map<String, String> outputs = new LinkedHashMap<>();
        // test -> the interpreters that skipped it
        Map<String, List<String>> skippedBy = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (String interpreter : interpreters()) {
            String output = run(interpreter);
            outputs.put(interpreter, output);
            Matcher skipped = SKIPPED.matcher(output);
            while (skipped.find()) {
                String test = skipped.group(2).endsWith("." + skipped.group(1)) ? skipped.group(2)
                        : skipped.group(2) + "." + skipped.group(1);
                if (DRIVER_VARIANTS.contains(skipped.group(3))) {
                    skippedBy.computeIfAbsent(test, key -> new ArrayList<>()).add(interpreter);
                } else {
                    unexpected.add(interpreter + ": " + test + ": " + skipped.group(3));
                }
            }
        }
        assertEquals(List.of(), unexpected, "skipped tests hide a missing install step");
        skippedBy.forEach((test, interpreters) -> assertEquals(1, interpreters.size(), test
                + " was skipped under every interpreter (" + interpreters + "): its variant never ran"));
        assertEquals(DRIVER_VARIANTS.size(), skippedBy.size(), "one interpreter with and one without a MySQL driver: "
                + skippedBy);
    }

    /**
     * {@link #INTERPRETERS}; where {@code python3} on the PATH is Debian's own, pyenv's 3.11 instead of it (this
     * machine's kind has CPython 3.6 to 3.13 there), so that two different interpreters run the suite.
     */
    private static List<String> interpreters() throws IOException {
        Path debian = Path.of("/usr/bin/python3").toRealPath();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
            if (java.nio.file.Files.isExecutable(candidate)) {
                if (!candidate.toRealPath().equals(debian) || dir.contains(".pyenv")) {
                    return INTERPRETERS;
                }
                break;
            }
        }
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (java.nio.file.Files.isDirectory(versions)) {
            try (var found = java.nio.file.Files.list(versions)) {
                // 3.11, the pyenv interpreter given PyYAML here (the others lack it, and its tests would skip)
                List<Path> pythons = found.filter(version -> version.getFileName().toString().startsWith("3.11."))
                        .map(version -> version.resolve("bin/python3")).filter(java.nio.file.Files::isExecutable)
                        .sorted().toList();
                if (!pythons.isEmpty()) {
                    return List.of(pythons.get(pythons.size() - 1).toString(), "/usr/bin/python3");
                }
            }
        }
        return INTERPRETERS;
    }

    private static String run(String interpreter) throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(interpreter, "-m", "unittest", "discover", "-v", "-s",
                "python.d/core/tests", "-t", "python.d/core").directory(root.toFile()).redirectErrorStream(true)
                .start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "python tests finished");
            Matcher ran = Pattern.compile("^Ran (\\d+) tests?", Pattern.MULTILINE).matcher(output);
            assertTrue(ran.find() && Integer.parseInt(ran.group(1)) > 0, interpreter + ": some tests ran:\n" + output);
            assertEquals(0, process.exitValue(), interpreter + ":\n" + output);
            System.out.println(interpreter + ": " + output.substring(ran.start()).strip());
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
