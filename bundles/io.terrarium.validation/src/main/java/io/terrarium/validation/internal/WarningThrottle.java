package io.terrarium.validation.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The first warning of a kind, then at most one a minute saying how many like it were not logged: a script that
 * sends the same flawed point every second must not write a line every second (the scheduler throttles rejections
 * the same way). Kinds are bounded: past {@value #KINDS_REMEMBERED} the table starts again, so ever-new kinds (rules
 * that quote the value) cannot grow it. Thread-safe.
 */
final class WarningThrottle {

    static final long INTERVAL_MILLIS = 60_000;
    static final int KINDS_REMEMBERED = 1024;

    // kind -> {when it was last logged, how many were not logged since}; guarded by "this"
    private final Map<String, long[]> kinds = new HashMap<>();

    /**
     * Whether a warning of this kind is logged now: -1 if not (it is counted), else how many like it were not
     * logged since the last one.
     */
    synchronized long admit(String kind, long nowMillis) {
        if (kinds.size() >= KINDS_REMEMBERED && !kinds.containsKey(kind)) {
            kinds.clear();
        }
        long[] seen = kinds.get(kind);
        if (seen == null) {
            kinds.put(kind, new long[] {nowMillis, 0});
            return 0;
        }
        if (nowMillis - seen[0] < INTERVAL_MILLIS) {
            seen[1]++;
            return -1;
        }
        long suppressed = seen[1];
        seen[0] = nowMillis;
        seen[1] = 0;
        return suppressed;
    }
}
