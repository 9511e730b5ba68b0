package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorFoldersTest {

    private static final CollectorBundle BUNDLE = new CollectorBundle("io.example.collector", "1.2.3", 12, 1000);

    @TempDir
    Path root;

    private static CollectorJars.Entries entries(Map<String, String> files) {
        return new CollectorJars.Entries(CollectorJars.jar(CollectorJars.bundleHeaders(BUNDLE.symbolicName(),
                BUNDLE.version(), ""), files));
    }

    @Test
    void headerFoldersOfTheJarBecomePythonDAndConfDOfTheFolder() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("collector/py/", "");
        files.put("collector/py/alpha.chart.py", "# alpha\n");
        files.put("collector/py/Pkg/script.py", "# script\n");
        files.put("collector/etc/python.d.conf", "alpha: yes\n");
        files.put("collector/etc/python.d/alpha.conf", "local: {}\n");
        files.put("collector/etc/pythond.conf", "[[inputs.pythond]]\n");
        files.put("other/readme.txt", "not extracted\n");
        CollectorFolders folders = new CollectorFolders(root.resolve("collectors"));

        Path folder = folders.extract(BUNDLE, CollectorHeader.parse("modules=collector/py;config=collector/etc"),
                entries(files));

        assertEquals(root.resolve("collectors/io.example.collector-1.2.3-12-1000"), folder);
        assertEquals("# alpha\n", Files.readString(folder.resolve("python.d/alpha.chart.py")));
        assertEquals("# script\n", Files.readString(folder.resolve("python.d/Pkg/script.py")));
        assertEquals("alpha: yes\n", Files.readString(folder.resolve("conf.d/python.d.conf")));
        assertEquals("local: {}\n", Files.readString(folder.resolve("conf.d/python.d/alpha.conf")));
        assertEquals("[[inputs.pythond]]\n", Files.readString(folder.resolve("conf.d/pythond.conf")));
        assertEquals(Set.of(".terrarium-owner", "python.d", "conf.d"), names(folder));
        assertEquals(Long.toString(ProcessHandle.current().pid()),
                Files.readString(folder.resolve(CollectorFolders.OWNER_FILE)));
        assertEquals(Set.of(folder.getFileName().toString()), names(folders.root()), "no partial folder is left");
    }

    @Test
    void missingConfigFolderGivesAnEmptyConfD() throws IOException {
        CollectorFolders folders = new CollectorFolders(root);

        Path folder = folders.extract(BUNDLE, CollectorHeader.DEFAULTS,
                entries(Map.of("python.d/alpha.chart.py", "# alpha\n")));

        assertTrue(Files.isDirectory(folder.resolve("conf.d")));
        assertEquals(Set.of(), names(folder.resolve("conf.d")));
    }

    @Test
    void completeFolderIsReusedWithoutExtractingAgain() throws IOException {
        CollectorFolders folders = new CollectorFolders(root);
        Path folder = folders.extract(BUNDLE, CollectorHeader.DEFAULTS, entries(CollectorJars.modules("alpha")));
        Files.writeString(folder.resolve("python.d/marker"), "still here");
        CollectorJars.Entries again = entries(CollectorJars.modules("alpha"));

        Path second = folders.extract(BUNDLE, CollectorHeader.DEFAULTS, again);

        assertEquals(folder, second);
        assertEquals(0, again.opened);
        assertTrue(Files.exists(folder.resolve("python.d/marker")));
    }

    @Test
    void updatedBundleGetsAFreshFolder() throws IOException {
        CollectorFolders folders = new CollectorFolders(root);
        Path before = folders.extract(BUNDLE, CollectorHeader.DEFAULTS, entries(CollectorJars.modules("alpha")));
        CollectorBundle updated = new CollectorBundle(BUNDLE.symbolicName(), BUNDLE.version(), BUNDLE.bundleId(), 2000);

        Path after = folders.extract(updated, CollectorHeader.DEFAULTS, entries(CollectorJars.modules("beta")));

        assertNotEquals(before, after);
        assertTrue(Files.exists(after.resolve("python.d/beta.chart.py")));
        assertFalse(Files.exists(after.resolve("python.d/alpha.chart.py")));
    }

    @Test
    void entryThatWouldLandOutsideItsFolderIsRefusedAndNothingIsLeft() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("python.d/alpha.chart.py", "# alpha\n");
        files.put("python.d/../../../evil.py", "# evil\n");
        CollectorFolders folders = new CollectorFolders(root.resolve("collectors"));

        IOException error = assertThrows(IOException.class,
                () -> folders.extract(BUNDLE, CollectorHeader.DEFAULTS, entries(files)));

        assertTrue(error.getMessage().contains("python.d/../../../evil.py"), error.getMessage());
        assertFalse(Files.exists(root.resolve("evil.py")));
        assertEquals(Set.of(), names(folders.root()));
    }

    @Test
    void foldersOfBundlesNoLongerInstalledAreRemovedUnlessAnotherLiveProcessOwnsThem() throws Exception {
        CollectorFolders folders = new CollectorFolders(root);
        Path kept = folders.extract(BUNDLE, CollectorHeader.DEFAULTS, entries(CollectorJars.modules("alpha")));
        Path ours = folders.extract(new CollectorBundle("io.gone", "1.0.0", 13, 5), CollectorHeader.DEFAULTS,
                entries(CollectorJars.modules("beta")));
        long deadPid = finishedProcessPid();
        Path ownerGone = folder("io.other-1.0.0-3-7", deadPid);
        Path noOwner = Files.createDirectories(root.resolve("io.old-1.0.0-4-8/python.d")).getParent();
        Path partial = Files.createDirectories(root.resolve(".partial-" + deadPid + "-io.x-1.0.0-5-9/python.d"))
                .getParent();
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            Path otherProcess = folder("io.elsewhere-1.0.0-12-999", live.pid());
            Path livePartial = Files.createDirectories(root.resolve(".partial-" + live.pid() + "-io.y-1.0.0-6-9"));

            folders.removeStale(Set.of(kept.getFileName().toString()));

            assertTrue(Files.exists(kept), "the folder of an installed bundle stays");
            assertTrue(Files.exists(otherProcess), "another running Terrarium's folder stays");
            assertTrue(Files.exists(livePartial), "another running Terrarium's extraction stays");
            assertFalse(Files.exists(ours), "our folder of a bundle no longer installed goes");
            assertFalse(Files.exists(ownerGone), "a folder whose process is gone goes");
            assertFalse(Files.exists(noOwner), "a folder without owner goes");
            assertFalse(Files.exists(partial), "an unfinished extraction of a process that is gone goes");
        } finally {
            live.destroyForcibly();
            live.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path folder(String name, long owner) throws IOException {
        Path folder = Files.createDirectories(root.resolve(name).resolve("python.d")).getParent();
        Files.writeString(folder.resolve(CollectorFolders.OWNER_FILE), Long.toString(owner));
        return folder;
    }

    private static long finishedProcessPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return process.pid();
    }

    private static Set<String> names(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
