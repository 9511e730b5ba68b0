package io.terrarium.sink.datakit.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * Keeps a repeated warning to one line per key and interval: a script that reports the same unwritable point
 * every second, or a DataKit that refuses every batch the same way, gets one line a minute saying how many more
 * there were. Thread-safe.
 */
final class LogLimiter {

    private static final int MAX_KEYS = 1000;

    private final long intervalNanos;
    // All access guarded by "this".
    private final Map<String, long[]> seen = new HashMap<>(); // key -> {last logged at, suppressed since}

    LogLimiter(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code message} as a warning unless the same key was logged within the interval. */
    void warn(Logger log, String key, String message) {
        long now = System.nanoTime();
        long suppressed;
        synchronized (this) {
            long[] state = seen.get(key);
            if (state != null && now - state[0] < intervalNanos) {
                state[1]++;
                return;
            }
            if (state == null) {
                if (seen.size() >= MAX_KEYS) {
                    seen.clear();
                }
                state = new long[2];
                seen.put(key, state);
            }
            suppressed = state[1];
            state[0] = now;
            state[1] = 0;
        }
        log.warn(suppressed == 0 ? message : message + " (and " + suppressed + " more like it since the last report)");
    }
}
