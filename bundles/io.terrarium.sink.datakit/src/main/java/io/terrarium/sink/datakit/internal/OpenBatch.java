package io.terrarium.sink.datakit.internal;

import java.util.Arrays;

/**
 * Points collecting for one {@link BatchKey} until the batch is full or old enough: lines of line protocol, or the
 * elements of a JSON array. Not thread-safe.
 */
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

    /** Whether one more point of {@code length} bytes stays within both limits; an empty batch takes any point. */
    boolean fits(int length, int maxPoints, int maxBytes) {
        // a JSON array's brackets and the comma before the point
        int framing = key.json() ? 3 : 0;
        return points == 0 || (points < maxPoints && (long) size + framing + length <= maxBytes);
    }

    void add(byte[] point) {
        boolean comma = key.json() && points > 0;
        int length = point.length + (comma ? 1 : 0);
        if (size + length > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, size + length));
        }
        if (comma) {
            body[size++] = ',';
        }
        System.arraycopy(point, 0, body, size, point.length);
        size += point.length;
        points++;
    }

    SealedBatch seal(long seq) {
        if (!key.json()) {
            return new SealedBatch(seq, key, points, Arrays.copyOf(body, size));
        }
        byte[] array = new byte[size + 2];
        array[0] = '[';
        System.arraycopy(body, 0, array, 1, size);
        array[size + 1] = ']';
        return new SealedBatch(seq, key, points, array);
    }
}
