package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NetdataOutputTest {

    private final ByteArrayOutputStream pipe = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final NetdataOutput.Listener listener = new NetdataOutput.Listener() {
        @Override
        public void outputClosed() {
            events.add("closed");
        }

        @Override
        public void outputBroken(IOException cause) {
            events.add("broken: " + cause.getMessage());
        }
    };

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String written() {
        return pipe.toString(StandardCharsets.UTF_8);
    }

    @Test
    void blocksArePassedThrough() throws IOException {
        NetdataOutput out = new NetdataOutput(pipe, listener);
        out.write(bytes("BEGIN a.b 0\nSET 'x' = 1\nEND\n"));
        out.flush();
        assertEquals("BEGIN a.b 0\nSET 'x' = 1\nEND\n", written());
    }

    @Test
    void keepAliveWritesAnEmptyLineBetweenBlocks() throws IOException {
        NetdataOutput out = new NetdataOutput(pipe, listener);
        out.keepAlive();
        out.write(bytes("END\n"));
        out.keepAlive();
        assertEquals("\nEND\n\n", written());
    }

    @Test
    void keepAliveNeverSplitsALine() throws IOException {
        NetdataOutput out = new NetdataOutput(pipe, listener);
        out.write(bytes("SET 'x' = "));
        out.keepAlive();
        out.write(bytes("1\n"));
        out.keepAlive();
        assertEquals("SET 'x' = 1\n\n", written());
    }

    @Test
    void aFailedWriteIsReportedOnceAndLaterWritesFail() {
        NetdataOutput out = new NetdataOutput(failing(), listener);
        assertThrows(IOException.class, () -> out.write(bytes("END\n")));
        assertThrows(IOException.class, () -> out.write(bytes("END\n")));
        assertThrows(IOException.class, out::flush);
        out.keepAlive();
        assertEquals(List.of("broken: Broken pipe"), events);
    }

    @Test
    void aFailedKeepAliveIsReported() {
        NetdataOutput out = new NetdataOutput(failing(), listener);
        out.keepAlive();
        out.keepAlive();
        assertEquals(List.of("broken: Broken pipe"), events);
    }

    @Test
    void closeFlushesAndReportsOnce() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        NetdataOutput out = new NetdataOutput(new java.io.BufferedOutputStream(sink), listener);
        out.write(bytes("DISABLE\n"));
        out.close();
        out.close();
        assertEquals("DISABLE\n", sink.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("closed"), events);
    }

    @Test
    void nothingIsWrittenAfterClose() throws IOException {
        NetdataOutput out = new NetdataOutput(pipe, listener);
        out.close();
        out.keepAlive();
        assertThrows(IOException.class, () -> out.write(bytes("x\n")));
        assertEquals("", written());
    }

    private static OutputStream failing() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }
        };
    }
}
