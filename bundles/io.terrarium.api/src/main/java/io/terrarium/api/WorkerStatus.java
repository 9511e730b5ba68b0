package io.terrarium.api;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one worker process.
 *
 * @param group    the worker group (by default, the module)
 * @param pid      the process id, or -1 while it is not running
 * @param modules  the modules it has loaded
 * @param jobs     how many jobs it holds
 * @param started  when the current process started, or {@code null}
 * @param restarts how many times it was restarted after dying or hanging
 * @param state    {@code running}, {@code restarting} or {@code stopped}
 * @param rssBytes the resident memory of the process (with its children), or -1 when unknown
 */
public record WorkerStatus(String group, long pid, List<String> modules, int jobs, Instant started, int restarts,
        String state, long rssBytes) {

    /** A snapshot without a memory figure. */
    public WorkerStatus(String group, long pid, List<String> modules, int jobs, Instant started, int restarts,
            String state) {
        this(group, pid, modules, jobs, started, restarts, state, -1);
    }
}
