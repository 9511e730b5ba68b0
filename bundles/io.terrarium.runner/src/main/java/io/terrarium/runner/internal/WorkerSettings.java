package io.terrarium.runner.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How workers are started and restarted; fixed for the pool's lifetime.
 *
 * @param lockDir where jobs take their {@code <full name>.collector.lock} (python.d's NETDATA_LOCK_DIR), or
 *                {@code null} for no locks ({@code nolock})
 */
record WorkerSettings(String interpreter, Path core, boolean debug, boolean trace, Duration readyTimeout,
        Duration restartDelayMin, Duration restartDelayMax, Duration stableAfter, Path lockDir) {

    List<String> command(String interpreterOverride) {
        String python = interpreterOverride == null || interpreterOverride.isBlank() ? interpreter : interpreterOverride;
        return WorkerProcess.command(python, core, debug, trace);
    }

    /** Back-off before the n-th restart in a row: none for the first, then doubling up to the maximum. */
    Duration restartDelay(int failuresInARow) {
        if (failuresInARow <= 1) {
            return Duration.ZERO;
        }
        long millis = restartDelayMin.toMillis() << Math.min(20, failuresInARow - 2);
        return Duration.ofMillis(Math.min(millis, restartDelayMax.toMillis()));
    }
}
