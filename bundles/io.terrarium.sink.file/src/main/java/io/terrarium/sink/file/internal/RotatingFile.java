package io.terrarium.sink.file.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * An append-only file of whole results, rotated by size: {@code path.1} is the newest rotated file, {@code path.N}
 * the oldest. A result is never split across files: when it would take the file past {@code maxBytes} the file is
 * rotated first, and a result larger than {@code maxBytes} is written whole to a fresh file.
 *
 * <p>A failed write is cut back off the file, so a result is in it completely or not at all. A file removed or
 * replaced behind its back (an operator freeing space, logrotate) is noticed at the next append and created again.
 *
 * <p>Not thread-safe: its owner calls it under one lock.
 */
final class RotatingFile implements Closeable {

    /**
     * @param maxBytes rotate before the file would pass this size; 0 = never
     * @param keep     rotated files kept; 0 = truncate instead
     * @param flush    hand each result to the operating system at once, else buffer up to {@link #BUFFER_BYTES}
     * @param fsync    force every write to the device
     */
    record Limits(long maxBytes, int keep, boolean flush, boolean fsync) {
    }

    static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private Limits limits;
    private FileChannel channel;
    // the open file's identity (device and inode on Unix), to notice it being removed or replaced; null if unknown
    private Object fileKey;
    private PendingBytes pending = new PendingBytes();
    private int pendingLines;
    private long written;

    private RotatingFile(Path path, Limits limits) {
        this.path = path;
        this.limits = limits;
    }

    /** Opens (creating its folder and the file) for appending. */
    static RotatingFile open(Path path, Limits limits) throws IOException {
        RotatingFile file = new RotatingFile(path, limits);
        file.openChannel();
        file.prune();
        return file;
    }

    Path path() {
        return path;
    }

    /** Lines handed to the operating system since this file was opened. */
    long written() {
        return written;
    }

    /** Lines held in memory, not yet written ({@code flush=false}). */
    int pendingLines() {
        return pendingLines;
    }

    /**
     * Appends one result's lines. On an {@link IOException} none of the pending lines and none of these is in the
     * file, the pending lines are discarded, and this file is closed: open a new one to go on.
     */
    void append(byte[] bytes, int lines) throws IOException {
        ensureOpen();
        try {
            reopenIfMoved();
            long size = channel.size() + pending.size();
            if (limits.maxBytes() > 0 && size > 0 && size + bytes.length > limits.maxBytes()) {
                writePending();
                rotate();
            }
            pending.write(bytes, 0, bytes.length);
            pendingLines += lines;
            if (limits.flush() || pending.size() >= BUFFER_BYTES) {
                writePending();
            }
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** New limits, at once: a smaller {@code keep} removes the extra rotated files, {@code flush} writes what waits. */
    void limits(Limits next) throws IOException {
        ensureOpen();
        limits = Objects.requireNonNull(next);
        try {
            prune();
            if (next.flush()) {
                writePending();
            }
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** Writes what is buffered. Same failure contract as {@link #append}. */
    void flush() throws IOException {
        ensureOpen();
        try {
            writePending();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** Writes what is buffered and closes; the file is closed even when that write fails. */
    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            writePending();
        } finally {
            abandon();
        }
    }

    /** Closes without writing what is buffered. */
    void abandon() {
        pending = new PendingBytes();
        pendingLines = 0;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more can be lost: what was written is the OS's
            }
            channel = null;
        }
    }

    /** The n-th rotated file: {@code path.n}. */
    Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    // ---- inside ----

    private void ensureOpen() throws IOException {
        if (channel == null) {
            throw new IOException(path + " is closed");
        }
    }

    private void openChannel() throws IOException {
        Path folder = path.getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            terminateTornLine();
        } catch (IOException e) {
            abandon();
            throw e;
        }
    }

    /**
     * A file that does not end with a line feed was cut short (a crash in the middle of a write, a failed cut-back):
     * end that line, so the torn line stays alone and the next one is whole.
     */
    private void terminateTornLine() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        try (SeekableByteChannel reader = Files.newByteChannel(path, StandardOpenOption.READ)) {
            reader.position(size - 1);
            reader.read(last);
        }
        if (last.position() == 1 && last.get(0) != '\n') {
            writeFully(ByteBuffer.wrap(new byte[] { '\n' }));
        }
    }

    private void reopenIfMoved() throws IOException {
        if (fileKey == null) {
            return;
        }
        Object now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            now = null;
        }
        if (!fileKey.equals(now)) {
            channel.close();
            channel = null;
            openChannel();
        }
    }

    private void writePending() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        long start = channel.size();
        try {
            writeFully(pending.view());
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        written += pendingLines;
        pendingLines = 0;
        // a huge result (flush=false) must not pin its buffer for the sink's life
        pending = pending.size() > 4 * BUFFER_BYTES ? new PendingBytes() : pending.emptied();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        if (limits.fsync()) {
            channel.force(false);
        }
    }

    private void rotate() throws IOException {
        if (limits.keep() == 0) {
            channel.truncate(0);
            return;
        }
        channel.close();
        channel = null;
        Files.deleteIfExists(rotated(limits.keep()));
        for (int n = limits.keep() - 1; n >= 1; n--) {
            if (Files.exists(rotated(n))) {
                Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(path)) {
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        openChannel();
    }

    /** Removes rotated files beyond {@code keep} (left by a larger {@code keep}). */
    private void prune() throws IOException {
        for (int n = limits.keep() + 1; Files.exists(rotated(n)); n++) {
            Files.delete(rotated(n));
        }
    }

    /** A byte buffer whose content can be written without a copy. */
    private static final class PendingBytes extends ByteArrayOutputStream {

        PendingBytes() {
            super(1024);
        }

        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        PendingBytes emptied() {
            reset();
            return this;
        }
    }
}
