package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module whose dependency is installed only in a virtualenv runs through the `python` key of its
 * configuration, and fails its check (clearly) without it.
 */
class VirtualenvIT {

    private static final String CHART = "venvonly.probe";

    @TempDir
    Path temp;

    @Test
    void moduleRunsWithTheVirtualenvItsPythonKeyNames() throws Exception {
        Path venv = temp.resolve("venv");
        run(List.of("python3", "-m", "venv", venv.toString()));
        Path python = venv.resolve("bin/python");
        run(List.of(python.toString(), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet",
                wheel(temp).toString()));

        Distribution.Layout layout = new Distribution.Layout(temp.resolve("layout")).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/venvonly.chart.py", "venvonly")
                .moduleConf("venvonly", "python: " + python + "\n");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            plugin.awaitStdout("data from the venv", 30_000, lines -> !ProtocolBlocks.parse(lines).blocksOf(CHART).isEmpty());
            ProtocolBlocks.Block block = ProtocolBlocks.parse(plugin.stdoutTexts()).blocksOf(CHART).get(0);
            assertEquals("4242", block.values().get("value"), "the package's value");
            assertEquals("1", block.values().get("in_venv"), "the worker runs in the virtualenv");
        }
    }

    @Test
    void withoutThePythonKeyTheImportFailsWithAClearLine() throws Exception {
        Distribution.Layout layout = new Distribution.Layout(temp.resolve("plain")).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/venvonly.chart.py", "venvonly");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null)) {
            assertTrue(plugin.process().waitFor(30, TimeUnit.SECONDS), "nothing to run: the plugin exits");
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("venvonly[venvonly]")
                    && l.contains("No module named 'terrarium_venv_probe'")), PluginProcess.tail(plugin.stderr));
        }
    }

    /** A pure-Python wheel built by hand: a package pip can install with no network and no build backend. */
    private static Path wheel(Path dir) throws IOException {
        Path wheel = dir.resolve("terrarium_venv_probe-1.0-py3-none-any.whl");
        String info = "terrarium_venv_probe-1.0.dist-info/";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            entry(zip, "terrarium_venv_probe/__init__.py", "VALUE = 4242\n");
            entry(zip, info + "METADATA", "Metadata-Version: 2.1\nName: terrarium-venv-probe\nVersion: 1.0\n");
            entry(zip, info + "WHEEL", "Wheel-Version: 1.0\nGenerator: terrarium-itests\nRoot-Is-Purelib: true\n"
                    + "Tag: py3-none-any\n");
            entry(zip, info + "RECORD", "terrarium_venv_probe/__init__.py,,\n" + info + "METADATA,,\n" + info
                    + "WHEEL,,\n" + info + "RECORD,,\n");
        }
        return wheel;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
            assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        } finally {
            process.destroyForcibly();
        }
    }
}
