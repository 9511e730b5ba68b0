package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code WorkerProcess.readLines}: protocol lines as the pipe delivers them, in reads of any size. */
class WorkerLinesTest {

    /** Hands out at most {@code step} bytes a read, as a pipe may. */
    private static InputStream trickling(byte[] bytes, int step) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(step, length));
            }
        };
    }

    private static List<String> lines(byte[] bytes, int step) throws IOException {
        List<String> lines = new ArrayList<>();
        WorkerProcess.readLines(trickling(bytes, step),
                (buffer, offset, length) -> lines.add(new String(buffer, offset, length, StandardCharsets.UTF_8)));
        return lines;
    }

    @Test
    void linesSplitAnywhereComeWhole() throws IOException {
        String text = "{\"a\":1}\n\n{\"b\":\"é€😀\"}\n{\"c\":3}\n";
        List<String> expected = List.of("{\"a\":1}", "", "{\"b\":\"é€😀\"}", "{\"c\":3}");
        for (int step = 1; step <= text.length() + 1; step++) {
            assertEquals(expected, lines(text.getBytes(StandardCharsets.UTF_8), step), "reads of " + step);
        }
    }

    @Test
    void aLineLongerThanEveryBufferComesWholeAndTheNextOnesStillDo() throws IOException {
        String longLine = "x".repeat(3 * 1024 * 1024 + 17);
        byte[] bytes = (longLine + "\nafter\n" + longLine.substring(0, 70000) + "\nlast without a newline")
                .getBytes(StandardCharsets.UTF_8);
        List<String> lines = lines(bytes, 65536);
        assertEquals(List.of(longLine.length(), 5, 70000, 22), lines.stream().map(String::length).toList());
        assertEquals(longLine, lines.get(0));
        assertEquals("after", lines.get(1));
        assertEquals("last without a newline", lines.get(3));
    }
}
