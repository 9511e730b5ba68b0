package io.terrarium.scheduler.internal;

/**
 * python.d's timing rules, in milliseconds of wall-clock time. Runs are aligned to multiples of
 * {@code update_every} so that jobs with the same interval fire together; a run that ends late skips the
 * slots it missed; the penalty is added on top of the next aligned slot.
 */
final class RunClock {

    /** Failures in a row after which the penalty grows (python.d: every 5th). */
    static final int PENALTY_EVERY = 5;
    /** The largest penalty, in seconds. */
    static final int MAX_PENALTY = 600;

    private RunClock() {
    }

    /** The next aligned slot strictly after {@code nowMillis}, plus the penalty. */
    static long nextRun(long nowMillis, int updateEvery, int penaltySeconds) {
        long every = updateEvery * 1000L;
        return nowMillis - Math.floorMod(nowMillis, every) + every + penaltySeconds * 1000L;
    }

    /**
     * The penalty after a failed run: unchanged except on every {@value #PENALTY_EVERY}th failure in a row,
     * where it becomes {@code round(min(failures * update_every / 2, 600))} seconds.
     */
    static int penaltyAfterFailure(int failuresInARow, int updateEvery, boolean enabled, int currentPenalty) {
        if (!enabled || failuresInARow % PENALTY_EVERY != 0) {
            return currentPenalty;
        }
        // python.d rounds with Python 3's round(): halves go to the even neighbour
        return (int) Math.rint(Math.min(failuresInARow * updateEvery / 2.0, MAX_PENALTY));
    }
}
