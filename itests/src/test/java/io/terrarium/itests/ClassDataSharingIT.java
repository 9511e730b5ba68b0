package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data sharing archive (bin/terrarium, bin/terrarium-cds, README "Class-data sharing"): the one the build
 * makes is mapped, for the launcher's classes and for the bundles' (custom class loaders); an installation without a
 * matching one, or with a damaged one, starts as before, with nothing but the protocol on stdout, and builds its own.
 */
class ClassDataSharingIT {

    /** The JVM logs each class it loads with its source; classes mapped from the application archive say this. */
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";
    private static final String LOG_CLASS_LOADS = "-Xlog:class+load=info:stderr";

    @TempDir
    Path temp;

    /** A copy of the distribution in another folder: the build's archive does not match its class path. */
    private Path copy;

    @AfterEach
    void endBackgroundBuilds() throws InterruptedException {
        if (copy != null) {
            // a build started by a launcher of the copy is detached from it: wait for it, then end what is left
            List<ProcessHandle> builds = backgroundBuilds();
            for (ProcessHandle build : builds) {
                build.onExit().completeOnTimeout(build, 60, TimeUnit.SECONDS).join();
            }
            backgroundBuilds().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theBuildsArchiveIsMappedForTheLauncherAndTheBundles() throws Exception {
        assertTrue(archives(Distribution.home()).size() == 1, "the build made one archive: "
                + archives(Distribution.home()));
        // -Xshare:on: the JVM refuses to start when it cannot map an archive it is given
        List<String> stderr = runUntilData(Distribution.plugin(), "-Xshare:on " + LOG_CLASS_LOADS);
        assertTrue(stderr.stream().anyMatch(l -> l.contains(" io.terrarium.launcher.Main " + FROM_ARCHIVE)),
                "the launcher's classes come from the archive");
        assertTrue(stderr.stream().anyMatch(l -> l.contains(" org.apache.felix.scr.impl.Activator " + FROM_ARCHIVE)),
                "a bundle's classes (a custom class loader) come from the archive");
    }

    @Test
    void withoutAMatchingArchiveItStartsAsBeforeAndBuildsOneForTheNextStart() throws Exception {
        copy = copyOfDistribution();
        List<Path> shipped = archives(copy);

        List<String> stderr = runUntilData(copy.resolve("bin/terrarium.plugin"), LOG_CLASS_LOADS);
        assertTrue(stderr.stream().noneMatch(l -> l.contains(FROM_ARCHIVE)), "no archive used");
        assertTrue(stderr.stream().noneMatch(l -> l.contains("[cds")), "the JVM says nothing of archives");

        Await.until("an archive for the copy", 60_000, () -> !archives(copy).isEmpty()
                && !archives(copy).equals(shipped));
        assertEquals(1, archives(copy).size(), "the archive of the other key is gone");
        stderr = runUntilData(copy.resolve("bin/terrarium.plugin"), "-Xshare:on " + LOG_CLASS_LOADS);
        assertTrue(stderr.stream().anyMatch(l -> l.contains(" io.terrarium.launcher.Main " + FROM_ARCHIVE)),
                "the next start maps it");
    }

    @Test
    void aTruncatedOrOverwrittenArchiveIsNotInTheWay() throws Exception {
        copy = copyOfDistribution();
        runUntilData(copy.resolve("bin/terrarium.plugin"), "");
        Await.until("an archive for the copy", 60_000, () -> archives(copy).size() == 1
                && !archives(copy).equals(archives(Distribution.home())));
        endBackgroundBuilds();
        Path archive = archives(copy).get(0);
        long size = Files.size(archive);

        // the JVM would crash mapping a truncated archive (SIGBUS): the launcher checks the size in its name
        archive.toFile().setWritable(true);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(size / 2);
        }
        List<String> stderr = runUntilData(copy.resolve("bin/terrarium.plugin"), LOG_CLASS_LOADS);
        assertTrue(stderr.stream().noneMatch(l -> l.contains(FROM_ARCHIVE)), "a truncated archive is not used");
        endBackgroundBuilds();

        // same size, other bytes: the JVM rejects the header and goes on without it
        archive = archives(copy).get(0);
        archive.toFile().setWritable(true);
        Files.write(archive, new byte[(int) Files.size(archive)]);
        stderr = runUntilData(copy.resolve("bin/terrarium.plugin"), LOG_CLASS_LOADS);
        assertTrue(stderr.stream().noneMatch(l -> l.contains(FROM_ARCHIVE)), "an overwritten archive is not used");
    }

    /**
     * Runs the plugin on the steady module until its first data, then stops it; asserts that stdout carried only
     * the protocol. Returns its stderr.
     */
    private List<String> runUntilData(Path plugin, String javaOpts) throws Exception {
        Path root = Files.createTempDirectory(temp, "run");
        Distribution.Layout layout = new Distribution.Layout(root).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/steady.chart.py", "steady");
        Map<String, String> env = new java.util.HashMap<>(layout.environment());
        env.put("TERRARIUM_JAVA_OPTS", javaOpts);
        try (PluginProcess process = new PluginProcess(Distribution.command(plugin, "1", "nolock"), env, null)) {
            process.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("END")));
            assertTrue(process.terminate(5_000), "exits on SIGTERM");
            ProtocolBlocks parsed = ProtocolBlocks.parse(process.stdoutTexts());
            assertEquals(List.of(), parsed.unknown, "stdout carries the protocol only");
            assertNotEquals(List.of(), parsed.blocks);
            return List.copyOf(process.stderr);
        }
    }

    private Path copyOfDistribution() throws IOException, InterruptedException {
        Path target = temp.resolve("terrarium");
        // cp -a: the scripts stay executable, the jars keep their times
        Process cp = new ProcessBuilder("cp", "-a", Distribution.home().toString(), target.toString())
                .inheritIO().start();
        assertEquals(0, cp.waitFor(), "copied the distribution");
        return target;
    }

    private static List<Path> archives(Path distribution) {
        Path folder = distribution.resolve("lib/cds");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("terrarium-.*\\.jsa")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<ProcessHandle> backgroundBuilds() {
        String bin = copy.resolve("bin").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(bin)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(copy.toString())).orElse(false))
                .toList();
    }
}
