package io.terrarium.scheduler.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.terrarium.api.LogLine;

/**
 * The last {@value #CAPACITY} lines about one job that the scheduler keeps for the shell: what it logged about the job,
 * and what the job's module logged before the pool forgot the job. Thread-safe.
 */
final class JobEvents {

    static final int CAPACITY = 100;

    // All access guarded by "lines". Most jobs log a line or two: it starts with room for 2 and grows
    private final Deque<LogLine> lines = new ArrayDeque<>(2);

    void add(String level, String message) {
        LogLine line = new LogLine(Instant.now(), level, message);
        synchronized (lines) {
            if (lines.size() == CAPACITY) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
    }

    /** Keeps lines logged elsewhere (the module's, from the pool), oldest dropped first. */
    void addAll(List<LogLine> more) {
        synchronized (lines) {
            for (LogLine line : more) {
                if (lines.size() == CAPACITY) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
        }
    }

    List<LogLine> snapshot() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
