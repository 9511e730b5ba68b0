package io.terrarium.sink.datakit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    @Test
    void eachRetryWaitsBetweenHalfAndAllOfADoublingBaseUpToTheMaximum() {
        long[] bases = { 100, 200, 400, 800, 1000, 1000 };
        for (int retry = 1; retry <= bases.length; retry++) {
            long base = bases[retry - 1];
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long delay = Backoff.delayMillis(retry, INITIAL, MAX, 0);
                assertTrue(delay >= base / 2 && delay <= base, "retry " + retry + ": " + delay);
                seen.add(delay);
            }
            assertTrue(seen.size() > 10, "jittered");
        }
    }

    @Test
    void aServersRetryAfterLengthensTheWaitButNeverPastTheMaximum() {
        assertTrue(Backoff.delayMillis(1, INITIAL, MAX, 700) >= 700);
        assertEquals(1000, Backoff.delayMillis(1, INITIAL, MAX, 60_000));
    }
}
