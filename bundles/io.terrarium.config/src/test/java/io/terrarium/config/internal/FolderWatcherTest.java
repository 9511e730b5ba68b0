package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {

    @TempDir
    Path root;

    private final AtomicInteger changes = new AtomicInteger();
    private FolderWatcher watcher;

    private void watch(Path folder, int depth) throws IOException {
        watcher = new FolderWatcher(changes::incrementAndGet, Duration.ofMillis(100), Duration.ofMillis(500));
        watcher.start();
        watcher.watch(List.of(new FolderWatcher.Root(folder, depth)));
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Does something and waits until it is reported. */
    private void reported(String what, IORunnable action) throws IOException {
        int before = changes.get();
        action.run();
        Await.until(what + " reported", () -> changes.get() > before);
    }

    @FunctionalInterface
    private interface IORunnable {
        void run() throws IOException;
    }

    @Test
    void aConfFileWrittenInTheFolderIsReported() throws IOException {
        watch(root, 0);

        reported("a new file", () -> Files.writeString(root.resolve("a.conf"), "x: 1\n"));
        reported("an edit", () -> Files.writeString(root.resolve("a.conf"), "x: 2\n"));
        reported("a deletion", () -> Files.delete(root.resolve("a.conf")));
    }

    @Test
    void aFileSavedByRenamingAnotherOverItIsReported() throws IOException {
        Files.writeString(root.resolve("a.conf"), "x: 1\n");
        watch(root, 0);
        Path temporary = Files.writeString(root.resolve(".a.conf.swp"), "x: 2\n");

        reported("a rename over the file", () -> Files.move(temporary, root.resolve("a.conf"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    @Test
    void aFolderCreatedLaterIsWatchedWithinTheDepth() throws IOException {
        watch(root, 2);

        reported("a new folder", () -> Files.createDirectories(root.resolve("pkg/sub")));
        reported("a script in the new folder", () -> Files.writeString(root.resolve("pkg/x.py"), "pass\n"));
        reported("a script one level further", () -> Files.writeString(root.resolve("pkg/sub/y.py"), "pass\n"));
    }

    @Test
    void aRootThatDoesNotExistYetIsWatchedOnceCreated() throws IOException {
        Path missing = root.resolve("etc/netdata");
        watch(missing, 1);

        reported("the root's creation", () -> Files.createDirectories(missing));
        reported("a file in it", () -> Files.writeString(missing.resolve("python.d.conf"), "a: no\n"));
        reported("a sub-folder of it", () -> Files.createDirectories(missing.resolve("python.d")));
        reported("a file in the sub-folder", () -> Files.writeString(missing.resolve("python.d/a.conf"), "x: 1\n"));
    }

    @Test
    void aRootDeletedAndCreatedAgainIsWatchedAgain() throws IOException {
        Path folder = Files.createDirectories(root.resolve("conf.d"));
        watch(folder, 0);

        reported("the root's deletion", () -> Files.delete(folder));
        reported("the root's creation", () -> Files.createDirectories(folder));
        reported("a file in the new root", () -> Files.writeString(folder.resolve("a.conf"), "x: 1\n"));
    }

    @Test
    void closeEndsTheWatchThread() throws IOException {
        watch(root, 0);
        assertTrue(Await.threadAlive(FolderWatcher.THREAD_NAME));

        watcher.close();

        Await.until("the watch thread ended", () -> !Await.threadAlive(FolderWatcher.THREAD_NAME));
        assertFalse(Await.threadAlive(FolderWatcher.THREAD_NAME));
    }
}
