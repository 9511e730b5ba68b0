package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class NetdataInputTest {

    private static int quits(String stdin) {
        AtomicInteger quits = new AtomicInteger();
        new NetdataInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), quits::incrementAndGet)
                .readAll();
        return quits.get();
    }

    @Test
    void quitIsHeardOnceAndEndsTheReading() {
        assertEquals(1, quits("QUIT\nQUIT\n"));
        assertEquals(1, quits("  QUIT  \r\n"));
    }

    @Test
    void aPayloadIsReadPastWholeAndUnknownLinesAreIgnored() {
        assertEquals(0, quits("FUNCTION_PAYLOAD 7 10 \"f\" \"text/plain\"\nQUIT\nFUNCTION_PAYLOAD_END\n"
                + "FUNCTION 8 10 \"terrarium-jobs info\"\nFUNCTION_CANCEL 8\nWHATEVER\n\n"));
        assertEquals(1, quits("FUNCTION_PAYLOAD 7 10 \"f\" \"text/plain\"\nline\nFUNCTION_PAYLOAD_END\nQUIT\n"));
    }

    @Test
    void theEndOfInputIsNoQuit() {
        assertEquals(0, quits(""));
        assertEquals(0, quits("QUITTING\nQUIT_NOW\n"));
    }

    @Test
    void anEndlessLineIsCutSoMemoryStaysBounded() throws Exception {
        // 64 MB of one line, never held: a reader of whole lines would need twice that in chars
        java.io.InputStream endless = new java.io.InputStream() {
            private long left = 64L << 20;
            private final byte[] tail = "\nQUIT\n".getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                if (left > 0) {
                    left--;
                    return 'x';
                }
                return at < tail.length ? tail[at++] : -1;
            }
        };
        AtomicInteger quits = new AtomicInteger();
        new NetdataInput(endless, quits::incrementAndGet).readAll();
        assertEquals(1, quits.get());
        java.io.Reader lines = new java.io.StringReader("a".repeat(NetdataInput.MAX_LINE + 5) + "\r\nb");
        assertEquals(NetdataInput.MAX_LINE, NetdataInput.boundedLine(lines).length());
        assertEquals("b", NetdataInput.boundedLine(lines));
        assertEquals(null, NetdataInput.boundedLine(lines));
    }
}
