package io.terrarium.runner.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The resident memory of a process and of every process it started, read from Linux's {@code /proc}. Pages
 * two processes share are counted in both, as {@code ps} does.
 *
 * <p>Children are found through {@code /proc/<pid>/task/<tid>/children}, which costs a few small reads per
 * process of the tree; only when the kernel lacks that file does it fall back to {@link ProcessHandle}, which
 * scans every process of the machine. Stateless and thread-safe.
 */
final class ProcessTreeMemory {

    private static final Path PROC = Path.of("/proc");
    // a worker's tree is a handful of processes; this only guards against a runaway fork loop
    private static final int MAX_PROCESSES = 4096;

    private ProcessTreeMemory() {
    }

    /** Bytes resident in the process and its descendants, or -1 when the process is gone or /proc unreadable. */
    static long residentBytes(long pid) {
        long total = residentBytesOf(pid);
        if (total < 0) {
            return -1;
        }
        for (long descendant : descendants(pid)) {
            // a child may exit between being listed and being read: it then counts for nothing
            total += Math.max(0, residentBytesOf(descendant));
        }
        return total;
    }

    /** {@code VmRSS} of one process in bytes; 0 when it has none (a zombie), -1 when it cannot be read. */
    static long residentBytesOf(long pid) {
        String status;
        try {
            // Latin-1: the Name line holds whatever bytes the process named itself with
            status = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("status")),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    return Long.parseLong(words[0]) * 1024; // the kernel writes it in kB
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 0;
    }

    private static Set<Long> descendants(long pid) {
        if (!Files.isReadable(childrenFile(pid, pid))) {
            Set<Long> all = new HashSet<>();
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
            return all;
        }
        Set<Long> found = new HashSet<>();
        ArrayDeque<Long> toVisit = new ArrayDeque<>(List.of(pid));
        while (!toVisit.isEmpty() && found.size() < MAX_PROCESSES) {
            for (long child : children(toVisit.removeFirst())) {
                if (child != pid && found.add(child)) {
                    toVisit.addLast(child);
                }
            }
        }
        return found;
    }

    /** The children of every thread of the process (a child belongs to the thread that forked it). */
    private static Set<Long> children(long pid) {
        Set<Long> children = new HashSet<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    for (String word : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            children.add(Long.parseLong(word));
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the process ended while we looked
        }
        return children;
    }

    private static Path childrenFile(long pid, long tid) {
        return PROC.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)).resolve("children");
    }
}
