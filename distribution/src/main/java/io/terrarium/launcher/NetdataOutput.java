package io.terrarium.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The process's original stdout, registered as the {@code java.io.OutputStream} service with
 * {@code terrarium.stream=netdata} for the Netdata sink.
 *
 * <p>Writes are synchronized: a block written with one {@code write(byte[])} and one {@link #flush()} is never
 * interleaved with anything else. {@link #keepAlive()} writes an empty line (python.d.plugin's keep-alive), only
 * between lines, so it can never split one. The first write or flush that fails (the reader is gone: EPIPE) tells
 * the {@link Listener} once, and every later write fails at once. {@link #close()} flushes and tells the listener
 * the sink is done (it closes after writing DISABLE); file descriptor 1 itself stays open until the process exits.
 */
final class NetdataOutput extends OutputStream {

    /** Told, outside this stream's lock, how the output ended. */
    interface Listener {
        /** The sink closed the stream: it has nothing more to say. */
        void outputClosed();

        /** Writing failed: nobody reads stdout any more. */
        void outputBroken(IOException cause);
    }

    private enum State { OPEN, CLOSED, BROKEN }

    private final OutputStream out;
    private final Listener listener;
    // All access to the fields below must be guarded by "this"
    private State state = State.OPEN;
    private boolean atLineStart = true;

    /**
     * @param out      the real stdout, buffered
     * @param listener told when the stream is closed or broken
     */
    NetdataOutput(OutputStream out, Listener listener) {
        this.out = Objects.requireNonNull(out);
        this.listener = Objects.requireNonNull(listener);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        IOException failure;
        synchronized (this) {
            ensureOpen();
            try {
                out.write(b, off, len);
                if (len > 0) {
                    atLineStart = b[off + len - 1] == '\n';
                }
                return;
            } catch (IOException e) {
                failure = markBroken(e);
            }
        }
        listener.outputBroken(failure);
        throw failure;
    }

    @Override
    public void flush() throws IOException {
        IOException failure;
        synchronized (this) {
            ensureOpen();
            try {
                out.flush();
                return;
            } catch (IOException e) {
                failure = markBroken(e);
            }
        }
        listener.outputBroken(failure);
        throw failure;
    }

    /** Writes and flushes an empty line if the stream is open and between lines; otherwise does nothing. */
    void keepAlive() {
        IOException failure;
        synchronized (this) {
            if (state != State.OPEN || !atLineStart) {
                return;
            }
            try {
                out.write('\n');
                out.flush();
                return;
            } catch (IOException e) {
                failure = markBroken(e);
            }
        }
        listener.outputBroken(failure);
    }

    @Override
    public void close() throws IOException {
        IOException failure;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            try {
                out.flush();
                state = State.CLOSED;
                failure = null;
            } catch (IOException e) {
                failure = markBroken(e);
            }
        }
        if (failure != null) {
            listener.outputBroken(failure);
            throw failure;
        }
        listener.outputClosed();
    }

    /** Flushes what was written, if the stream can still be written; for the end of the process. */
    void flushQuietly() {
        synchronized (this) {
            if (state == State.BROKEN) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                state = State.BROKEN;
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("the Netdata output is " + (state == State.CLOSED ? "closed" : "broken"));
        }
    }

    private IOException markBroken(IOException e) {
        state = State.BROKEN;
        return e;
    }
}
