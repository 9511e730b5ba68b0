package io.terrarium.api;

/**
 * A job's effective timing settings, after its configuration, its module's globals and the defaults
 * have been applied (python.d's precedence).
 *
 * @param updateEvery        seconds between collections, at least 1
 * @param priority           the first chart's priority
 * @param autodetectionRetry seconds between re-checks of a job whose check failed; 0 means never
 * @param chartCleanup       updates without data after which a chart is marked obsolete; 0 disables
 * @param penalty            whether repeated failures delay the next run
 */
public record JobSettings(int updateEvery, int priority, int autodetectionRetry, int chartCleanup, boolean penalty) {
}
