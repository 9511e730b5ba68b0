package io.terrarium.sink.prometheus.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the sink logs while open: slf4j-simple writes to whatever {@code System.err} is at the time, so this tees
 * it into memory (and still to the console).
 */
final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Logged lines that contain every one of the words. */
    List<String> lines(String... words) {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(line -> {
            for (String word : words) {
                if (!line.contains(word)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
