package io.terrarium.config.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what is written to {@code System.err} (where slf4j-simple logs, looking the stream up on every line) while
 * still passing it through; {@link #close()} puts the original stream back.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    /** Guarded by itself. */
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** The lines so far that contain every one of the texts. */
    List<String> lines(String... texts) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        return all.lines().filter(line -> List.of(texts).stream().allMatch(line::contains)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
