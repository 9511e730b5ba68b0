package io.terrarium.sink.file.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One configuration of a file sink, checked and resolved.
 *
 * @param path     the absolute file, or {@code null} when the configuration names none (or an invalid one)
 * @param maxBytes rotate before the file would pass this size; 0 = never
 * @param keep     rotated files kept; 0 = truncate instead
 * @param flush    write each result to the operating system at once
 * @param fsync    force each write to the device
 * @param kinds    which lines to write
 * @param pathProblem why there is no path, or {@code null}
 * @param problems    what else was wrong with the configuration and how it was taken, one phrase each
 */
record FileSettings(Path path, long maxBytes, int keep, boolean flush, boolean fsync, Set<LineKind> kinds,
        String pathProblem, List<String> problems) {

    FileSettings {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        problems = List.copyOf(problems);
    }

    /**
     * @param base the folder a relative path is resolved against
     */
    static FileSettings of(FileSinkConfig config, Path base) {
        List<String> problems = new ArrayList<>();
        Path path = null;
        String pathProblem = null;
        String text = config.path() == null ? "" : config.path().trim();
        if (text.isEmpty()) {
            pathProblem = "no path configured (set 'path')";
        } else {
            try {
                path = base.resolve(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                pathProblem = "path '" + text + "' is not a valid path: " + e.getReason();
            }
        }
        long maxBytes = config.maxBytes();
        if (maxBytes < 0) {
            problems.add("maxBytes " + maxBytes + " is negative; not rotating (0)");
            maxBytes = 0;
        }
        int keep = config.keep();
        if (keep < 0) {
            problems.add("keep " + keep + " is negative; truncating instead of keeping (0)");
            keep = 0;
        }
        EnumSet<LineKind> kinds = EnumSet.noneOf(LineKind.class);
        for (String entry : config.kinds() == null ? new String[0] : config.kinds()) {
            // a .cfg file gives "chart,point" as one string: accept commas inside entries too
            for (String word : entry.split(",")) {
                if (word.isBlank()) {
                    continue;
                }
                LineKind kind = LineKind.ofWord(word);
                if (kind == null) {
                    problems.add("kinds: unknown kind '" + word.trim() + "' ignored (chart, point, obsolete)");
                } else {
                    kinds.add(kind);
                }
            }
        }
        if (kinds.isEmpty()) {
            problems.add("kinds names no kind of line (chart, point, obsolete); nothing is written");
        }
        return new FileSettings(path, maxBytes, keep, config.flush(), config.fsync(), kinds, pathProblem, problems);
    }

    /** What the file needs to know. */
    RotatingFile.Limits limits() {
        return new RotatingFile.Limits(maxBytes, keep, flush, fsync);
    }
}
