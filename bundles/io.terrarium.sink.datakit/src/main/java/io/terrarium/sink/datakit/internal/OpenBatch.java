package io.terrarium.sink.datakit.internal;

import java.util.Arrays;

/** Lines collecting for one {@link BatchKey} until the batch is full or old enough. Not thread-safe. */
final class OpenBatch {

    private final BatchKey key;
    private final long openedNanos;
    private byte[] body = new byte[1024];
    private int size;
    private int points;

    OpenBatch(BatchKey key, long openedNanos) {
        this.key = key;
        this.openedNanos = openedNanos;
    }

    BatchKey key() {
        return key;
    }

    long openedNanos() {
        return openedNanos;
    }

    int points() {
        return points;
    }

    int bytes() {
        return size;
    }

    /** Whether one more line of {@code length} bytes stays within both limits; an empty batch takes any line. */
    boolean fits(int length, int maxPoints, int maxBytes) {
        return points == 0 || (points < maxPoints && (long) size + length <= maxBytes);
    }

    void add(byte[] line) {
        if (size + line.length > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, size + line.length));
        }
        System.arraycopy(line, 0, body, size, line.length);
        size += line.length;
        points++;
    }

    SealedBatch seal(long seq) {
        return new SealedBatch(seq, key, points, Arrays.copyOf(body, size));
    }
}
