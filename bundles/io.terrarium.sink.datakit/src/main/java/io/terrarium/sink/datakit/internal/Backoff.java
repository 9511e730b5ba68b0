package io.terrarium.sink.datakit.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th retry waits a random time between half and all of
 * {@code min(max, initial * 2^(n-1))}, so senders that failed together do not retry together. A server's
 * {@code Retry-After} raises the wait (never past {@code max}).
 */
final class Backoff {

    private Backoff() {
    }

    static long delayMillis(int retry, Duration initial, Duration max, long retryAfterMillis) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < retry && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        long half = base / 2;
        long delay = half + ThreadLocalRandom.current().nextLong(base - half + 1);
        return Math.min(cap, Math.max(delay, retryAfterMillis));
    }
}
