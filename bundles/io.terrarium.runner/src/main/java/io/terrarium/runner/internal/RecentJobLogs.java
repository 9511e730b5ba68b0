package io.terrarium.runner.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.terrarium.api.JobId;
import io.terrarium.api.LogLine;

/**
 * The last lines logged about each job, in a bounded ring per job. Only jobs that were {@link #open opened} keep
 * lines, and {@link #drop} forgets a job with its lines, so memory follows the jobs the pool holds, not the
 * jobs it has ever seen: a line arriving for a job that is not open (one released a moment ago) is discarded.
 * Thread-safe.
 */
final class RecentJobLogs {

    private final int capacity;
    private final Map<JobId, Ring> rings = new ConcurrentHashMap<>();

    RecentJobLogs(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Starts keeping lines for the job; lines it already has stay. */
    void open(JobId job) {
        rings.computeIfAbsent(job, id -> new Ring(capacity));
    }

    /** Keeps the line when the job is open, dropping its oldest line when the ring is full. */
    void add(JobId job, LogLine line) {
        Ring ring = rings.get(job);
        if (ring != null) {
            ring.add(line);
        }
    }

    /** The job's lines, oldest first; empty for a job that is not open. */
    List<LogLine> lines(JobId job) {
        Ring ring = rings.get(job);
        return ring == null ? List.of() : ring.snapshot();
    }

    /** Forgets the job and its lines. */
    void drop(JobId job) {
        rings.remove(job);
    }

    void clear() {
        rings.clear();
    }

    /** How many jobs have lines kept, for tests of churn. */
    int size() {
        return rings.size();
    }

    private static final class Ring {
        private final int capacity;
        // All access guarded by "lines".
        private final ArrayDeque<LogLine> lines;

        Ring(int capacity) {
            this.capacity = capacity;
            this.lines = new ArrayDeque<>(Math.min(capacity, 2)); // grows as the job logs
        }

        void add(LogLine line) {
            synchronized (lines) {
                if (lines.size() == capacity) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
        }

        List<LogLine> snapshot() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
