package io.terrarium.config.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folder trees with the platform's {@link WatchService} (inotify on Linux) and calls {@code onChange} once a
 * burst of changes to files a scan reads has settled: after {@code quiet} without a new change, and at the latest
 * {@code maxDelay} after the first change of the burst.
 *
 * <p>What is watched: each {@link Root}'s folder and its sub-folders down to the root's depth, found again whenever a
 * folder appears or goes (so a new {@code python.d/} or script package is watched from then on). A root that does not
 * exist yet is waited for by watching its nearest existing parent. What counts as a change: a {@code .conf} or
 * {@code .py} file created, modified, deleted or renamed (an editor that saves by writing another file and renaming
 * it over the old one shows as a creation), a folder created or deleted, and an event overflow. Anything else (an
 * editor's swap file, Python's {@code __pycache__}) is ignored.
 *
 * <p>Threading: one daemon thread, {@value #THREAD_NAME}, waits for events and calls {@code onChange}, which must
 * not block for long. {@link #watch} may be called from any thread. {@link #close} stops and joins the thread.
 */
final class FolderWatcher implements AutoCloseable {

    static final String THREAD_NAME = "terrarium-conf.d-watch";

    /**
     * A folder tree to watch.
     *
     * @param folder the folder (it need not exist yet)
     * @param depth  how many levels of sub-folders below it hold files the scan reads; 0 for the folder alone
     */
    record Root(Path folder, int depth) {

        Root {
            folder = folder.toAbsolutePath().normalize();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    /** How often folders that could not be watched (no permission, no existing parent) are tried again. */
    private static final long RETRY_SECONDS = 5;
    private static final long JOIN_MILLIS = 5_000;
    /** Bounds {@link #sync()} when folders keep appearing while we watch them (each round watches the new ones). */
    private static final int MAX_SYNC_ROUNDS = 10;
    /** Python's byte-code caches: written when a worker imports a module, never read by a scan. */
    private static final String BYTE_CODE_CACHE = "__pycache__";

    private final Runnable onChange;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final WatchService service;
    private final Thread thread;

    // All access to the fields below must be guarded by "this".
    private List<Root> roots = List.of();
    /** Every watched folder and its key. Two paths to one folder (a link) share a key. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    /** Watched folders inside a root's tree: their files matter. */
    private final Set<Path> inTree = new LinkedHashSet<>();
    /** Roots that do not exist: a creation on the way to one of them matters. */
    private final Set<Path> missingRoots = new LinkedHashSet<>();
    /** Some folder could not be watched: try again every {@value #RETRY_SECONDS} s. */
    private boolean incomplete;

    /**
     * @param onChange called on the watcher's thread when watched files changed and the change has settled
     * @param quiet    how long a burst must be quiet before {@code onChange} runs
     * @param maxDelay the longest {@code onChange} waits after the first change of a burst
     */
    FolderWatcher(Runnable onChange, Duration quiet, Duration maxDelay) throws IOException {
        this.onChange = onChange;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Watches exactly these trees from now on (reads the folders: call it off activate's thread). Changes made
     * before it returns may not be reported: read the files after calling it, not before.
     */
    synchronized void watch(List<Root> newRoots) {
        roots = List.copyOf(newRoots);
        sync();
    }

    /** Stops the thread and releases the watches; waits for the thread to end. */
    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("conf.d: closing the watch service: {}", e.toString());
        }
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("conf.d: the thread {} did not stop within {} ms", THREAD_NAME, JOIN_MILLIS);
        }
    }

    private void run() {
        long firstChange = 0;
        long lastChange = 0;
        boolean pending = false;
        while (true) {
            try {
                WatchKey key;
                if (pending) {
                    long due = Math.min(lastChange + quietNanos, firstChange + maxDelayNanos);
                    key = service.poll(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                } else if (isIncomplete()) {
                    key = service.poll(RETRY_SECONDS, TimeUnit.SECONDS);
                } else {
                    key = service.take();
                }
                boolean changed = false;
                if (key == null && !pending) {
                    changed = retry();
                }
                for (; key != null; key = service.poll()) {
                    changed |= handle(key);
                }
                long now = System.nanoTime();
                if (changed) {
                    if (!pending) {
                        firstChange = now;
                    }
                    lastChange = now;
                    pending = true;
                }
                if (pending && now - Math.min(lastChange + quietNanos, firstChange + maxDelayNanos) >= 0) {
                    pending = false;
                    onChange.run();
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return; // closed
            } catch (RuntimeException e) {
                LOG.warn("conf.d: the folder watcher failed; carrying on: {}", e.toString(), e);
            }
        }
    }

    private synchronized boolean isIncomplete() {
        return incomplete;
    }

    /** Tries again to watch what could not be watched; a folder that appeared meanwhile counts as a change. */
    private synchronized boolean retry() {
        Set<Path> before = Set.copyOf(keys.keySet());
        sync();
        return !before.equals(keys.keySet());
    }

    /** The key's events: whether one concerns the scan. Folders appearing or going make the watches be found again. */
    private synchronized boolean handle(WatchKey key) {
        List<Path> folders = new ArrayList<>();
        keys.forEach((folder, k) -> {
            if (k.equals(key)) {
                folders.add(folder);
            }
        });
        boolean changed = false;
        boolean resync = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                changed = true;
                resync = true;
                continue;
            }
            Path name = (Path) event.context();
            if (name.toString().equals(BYTE_CODE_CACHE)) {
                continue;
            }
            for (Path folder : folders) {
                Path child = folder.resolve(name);
                if (missingRoots.stream().anyMatch(root -> root.startsWith(child))) {
                    changed = true;
                    resync = true;
                }
                if (!inTree.contains(folder)) {
                    continue;
                }
                String file = name.toString();
                if (file.endsWith(".conf") || file.endsWith(".py")) {
                    changed = true;
                }
                if (keys.containsKey(child) || (event.kind() == ENTRY_CREATE && Files.isDirectory(child))) {
                    changed = true;
                    resync = true;
                }
            }
        }
        if (!key.reset() && !folders.isEmpty()) {
            // a watched folder went away (deleted or moved): watch what is there now
            changed = true;
            resync = true;
        }
        if (resync) {
            sync();
        }
        return changed;
    }

    /**
     * Makes the watches match the roots as the folders are now. A folder created after we listed its parent but
     * before the parent was watched sends no event: so after watching new folders we look again, until a look finds
     * nothing new (anything created later sends an event).
     */
    private void sync() {
        for (int round = 0; round < MAX_SYNC_ROUNDS; round++) {
            if (!syncOnce()) {
                return;
            }
        }
    }

    /** @return whether a folder was newly watched */
    private boolean syncOnce() {
        Set<Path> tree = new LinkedHashSet<>();
        Set<Path> missing = new LinkedHashSet<>();
        Set<Path> wanted = new LinkedHashSet<>();
        boolean unreachable = false;
        for (Root root : roots) {
            if (Files.isDirectory(root.folder())) {
                collect(root.folder(), root.depth(), tree);
                continue;
            }
            missing.add(root.folder());
            Path parent = root.folder().getParent();
            while (parent != null && !Files.isDirectory(parent)) {
                parent = parent.getParent();
            }
            if (parent == null) {
                unreachable = true;
            } else {
                wanted.add(parent);
            }
        }
        wanted.addAll(tree);
        for (Path folder : new ArrayList<>(keys.keySet())) {
            WatchKey key = keys.get(folder);
            if (!wanted.contains(folder) || !key.isValid()) {
                keys.remove(folder);
                if (!keys.containsValue(key)) {
                    key.cancel();
                }
            }
        }
        boolean failed = false;
        boolean added = false;
        for (Path folder : wanted) {
            if (keys.containsKey(folder)) {
                continue;
            }
            try {
                keys.put(folder, folder.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
                added = true;
            } catch (NoSuchFileException | NotDirectoryException e) {
                // gone since we looked; its parent's event brings us back here
            } catch (ClosedWatchServiceException e) {
                return false; // closed
            } catch (IOException e) {
                LOG.debug("conf.d: cannot watch {}: {}", folder, e.toString());
                failed = true;
            }
        }
        inTree.clear();
        inTree.addAll(tree);
        missingRoots.clear();
        missingRoots.addAll(missing);
        incomplete = failed || unreachable;
        return added;
    }

    /** The folder and its sub-folders down to {@code depth} levels (links followed; the depth bounds any loop). */
    private static void collect(Path folder, int depth, Set<Path> into) {
        into.add(folder);
        if (depth <= 0) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder,
                child -> Files.isDirectory(child) && !child.getFileName().toString().equals(BYTE_CODE_CACHE))) {
            for (Path child : children) {
                collect(child, depth - 1, into);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // gone or unreadable: nothing below it to watch
        }
    }
}
