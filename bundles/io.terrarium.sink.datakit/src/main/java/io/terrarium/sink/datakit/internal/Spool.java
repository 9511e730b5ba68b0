package io.terrarium.sink.datakit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import io.terrarium.api.data.PointCategory;

/**
 * A bounded first-in first-out queue of batches on disk: append-only segment files {@code <n>.seg} in one folder,
 * read from the oldest. A {@code cursor} file remembers how far the oldest segment has been sent, so a restart
 * neither loses nor repeats what was acknowledged. When appending would pass the size limit, whole segments are
 * dropped from the old end and reported, so the caller can count exactly what was lost. Files are not synced on
 * every append: a process crash loses nothing, a power loss may lose the last writes.
 *
 * <p>Not thread-safe: the owning destination guards it.
 */
final class Spool implements Closeable {

    /** A batch the spool gave up, oldest first. */
    record Dropped(long seq, int points) {
    }

    private static final int MAGIC = 0x444B5331; // "DKS1"
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.seg");
    private static final String CURSOR = "cursor";
    private static final int HEADER = 20; // magic, payload length, then the payload's seq and points
    private static final long MIN_SEGMENT = 4096;
    private static final long MAX_SEGMENT = 4L << 20;

    private record Entry(long offset, int length, long seq, int points) {
    }

    private static final class Segment {
        final long number;
        final Path path;
        final List<Entry> entries = new ArrayList<>();
        long bytes;
        int next; // entries before this one are sent

        Segment(long number, Path path) {
            this.number = number;
            this.path = path;
        }
    }

    private final Path dir;
    private final Consumer<String> warn;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private FileChannel tail; // the last segment, open for appending; null when none is open
    private long maxBytes;
    private long bytes;
    private long points;
    private long lastSeq = -1;
    private long nextSegment;

    private Spool(Path dir, long maxBytes, Consumer<String> warn) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.warn = warn;
    }

    /** Opens (creating it if needed) the spool in {@code dir}, reading what a previous run left there. */
    static Spool open(Path dir, long maxBytes, Consumer<String> warn) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, maxBytes, warn);
        spool.load();
        return spool;
    }

    Path directory() {
        return dir;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Points waiting. */
    long points() {
        return points;
    }

    /** Size on disk. */
    long bytes() {
        return bytes;
    }

    /** The highest batch sequence number ever stored here, -1 for none. */
    long lastSeq() {
        return lastSeq;
    }

    /** The oldest batch's point count, 0 when empty. */
    int headPoints() {
        Entry entry = headEntry();
        return entry == null ? 0 : entry.points();
    }

    /** The oldest batch's sequence number, -1 when empty. */
    long headSeq() {
        Entry entry = headEntry();
        return entry == null ? -1 : entry.seq();
    }

    /**
     * Appends a batch after making room for it; returns what was dropped to make room (the oldest segments), or
     * the batch itself when it alone is larger than the limit.
     */
    List<Dropped> append(SealedBatch batch) throws IOException {
        ByteBuffer record = encode(batch);
        int length = record.remaining();
        List<Dropped> dropped = new ArrayList<>();
        if (length > maxBytes) {
            dropped.add(new Dropped(batch.seq(), batch.points()));
            return dropped;
        }
        while (bytes + length > maxBytes && !segments.isEmpty()) {
            dropHeadSegment(dropped);
        }
        Segment last = segments.peekLast();
        if (last == null || tail == null || (last.bytes > 0 && last.bytes + length > segmentBytes())) {
            last = startSegment();
        }
        long offset = last.bytes;
        try {
            while (record.hasRemaining()) {
                tail.write(record);
            }
        } catch (IOException e) {
            // whatever part was written stays unindexed; appending goes on in a new segment
            close();
            if (last.entries.isEmpty()) {
                segments.remove(last);
                Files.deleteIfExists(last.path);
            }
            throw e;
        }
        last.entries.add(new Entry(offset, length, batch.seq(), batch.points()));
        last.bytes += length;
        bytes += length;
        points += batch.points();
        lastSeq = Math.max(lastSeq, batch.seq());
        return dropped;
    }

    /** The oldest batch, or {@code null}; stays in the spool until {@link #removeHead()}. */
    SealedBatch peek() throws IOException {
        Segment head = segments.peekFirst();
        Entry entry = headEntry();
        if (entry == null) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(entry.length());
        try (FileChannel in = FileChannel.open(head.path, StandardOpenOption.READ)) {
            while (record.hasRemaining()) {
                if (in.read(record, entry.offset() + record.position()) < 0) {
                    throw new IOException(head.path + ": ends inside a batch");
                }
            }
        }
        record.flip();
        SealedBatch batch = decode(record);
        if (batch == null) {
            throw new IOException(head.path + ": damaged batch at offset " + entry.offset());
        }
        return batch;
    }

    /** Forgets the oldest batch: it was delivered (or refused for good). */
    void removeHead() throws IOException {
        Segment head = segments.peekFirst();
        Entry entry = headEntry();
        if (entry == null) {
            return;
        }
        head.next++;
        points -= entry.points();
        if (head.next == head.entries.size()) {
            removeSegment(head);
        } else {
            writeCursor(head);
        }
    }

    /** Changes the limit, dropping the oldest segments when the spool is now too big. */
    List<Dropped> setMaxBytes(long newMax) throws IOException {
        maxBytes = newMax;
        List<Dropped> dropped = new ArrayList<>();
        while (bytes > maxBytes && !segments.isEmpty()) {
            dropHeadSegment(dropped);
        }
        return dropped;
    }

    @Override
    public void close() throws IOException {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    // ---- internals ----

    private long segmentBytes() {
        return Math.max(MIN_SEGMENT, Math.min(MAX_SEGMENT, maxBytes / 8));
    }

    private Entry headEntry() {
        // a segment is removed as soon as its last entry is, so the head always has one waiting
        Segment head = segments.peekFirst();
        return head == null ? null : head.entries.get(head.next);
    }

    private Segment startSegment() throws IOException {
        close();
        Segment segment = new Segment(nextSegment, dir.resolve(String.format("%020d.seg", nextSegment)));
        nextSegment++;
        tail = FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        segments.addLast(segment);
        return segment;
    }

    private void dropHeadSegment(List<Dropped> dropped) throws IOException {
        Segment head = segments.peekFirst();
        for (int i = head.next; i < head.entries.size(); i++) {
            Entry entry = head.entries.get(i);
            dropped.add(new Dropped(entry.seq(), entry.points()));
            points -= entry.points();
        }
        head.next = head.entries.size();
        removeSegment(head);
    }

    private void removeSegment(Segment segment) throws IOException {
        if (segment == segments.peekLast()) {
            close();
        }
        segments.remove(segment);
        bytes -= segment.bytes;
        Files.deleteIfExists(segment.path);
        Segment head = segments.peekFirst();
        if (head == null || head.next == 0) {
            Files.deleteIfExists(dir.resolve(CURSOR));
        } else {
            writeCursor(head);
        }
    }

    private void writeCursor(Segment head) throws IOException {
        Path temp = dir.resolve(CURSOR + ".tmp");
        Files.writeString(temp, head.number + " " + head.next + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void load() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                if (SEGMENT.matcher(file.getFileName().toString()).matches()) {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        long cursorSegment = -1;
        int cursorNext = 0;
        try {
            String[] cursor = Files.readString(dir.resolve(CURSOR), StandardCharsets.US_ASCII).trim().split(" ");
            cursorSegment = Long.parseLong(cursor[0]);
            cursorNext = Integer.parseInt(cursor[1]);
        } catch (NoSuchFileException e) {
            // nothing sent from the oldest segment yet
        } catch (RuntimeException e) {
            warn.accept(dir.resolve(CURSOR) + " is unreadable; the oldest segment is sent again from its start");
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long number = Long.parseLong(file.getFileName().toString().substring(0, 20));
            nextSegment = Math.max(nextSegment, number + 1);
            if (number < cursorSegment) {
                // fully sent before the cursor moved on; its deletion did not happen
                Files.deleteIfExists(file);
                continue;
            }
            Segment segment = scan(number, file, i == files.size() - 1);
            if (number == cursorSegment) {
                segment.next = Math.min(cursorNext, segment.entries.size());
            }
            if (segment.next == segment.entries.size()) {
                Files.deleteIfExists(file);
                continue;
            }
            segments.addLast(segment);
            bytes += segment.bytes;
            for (int entry = segment.next; entry < segment.entries.size(); entry++) {
                points += segment.entries.get(entry).points();
            }
        }
        // new batches go to a new segment: a damaged tail is never appended to
    }

    /**
     * Indexes a segment from its record headers. Only the newest segment can have been cut short by a crash, so
     * only its records are read whole and checked; the others are checked when they are sent.
     */
    private Segment scan(long number, Path file, boolean newest) throws IOException {
        Segment segment = new Segment(number, file);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = in.size();
            long offset = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (offset < size) {
                header.clear();
                while (header.hasRemaining() && in.read(header, offset + header.position()) > 0) {
                    // fill
                }
                int payload = header.getInt(4);
                long length = 8L + payload + 4;
                if (header.hasRemaining() || header.getInt(0) != MAGIC || payload < HEADER - 8
                        || offset + length > size) {
                    break;
                }
                if (newest) {
                    ByteBuffer record = ByteBuffer.allocate((int) length);
                    while (record.hasRemaining() && in.read(record, offset + record.position()) > 0) {
                        // fill
                    }
                    record.flip();
                    if (decode(record) == null) {
                        break;
                    }
                }
                long seq = header.getLong(8);
                segment.entries.add(new Entry(offset, (int) length, seq, header.getInt(16)));
                lastSeq = Math.max(lastSeq, seq);
                offset += length;
            }
            if (offset < size) {
                warn.accept(file + ": damaged after " + segment.entries.size() + " batches; " + (size - offset)
                        + " bytes cut off");
                in.truncate(offset);
            }
            segment.bytes = offset;
        }
        return segment;
    }

    private static ByteBuffer encode(SealedBatch batch) {
        byte[] category = batch.key().category().path().getBytes(StandardCharsets.US_ASCII);
        byte[] input = batch.key().input().getBytes(StandardCharsets.UTF_8);
        int payload = 8 + 4 + 2 + category.length + 4 + input.length + 1 + 4 + batch.body().length;
        ByteBuffer buffer = ByteBuffer.allocate(8 + payload + 4);
        buffer.putInt(MAGIC).putInt(payload);
        buffer.putLong(batch.seq()).putInt(batch.points());
        buffer.putShort((short) category.length).put(category);
        buffer.putInt(input.length).put(input);
        // flags: 1 ignore global tags, 2 a JSON body (records written before JSON bodies have only the first)
        buffer.put((byte) ((batch.key().ignoreGlobalTags() ? 1 : 0) | (batch.key().json() ? 2 : 0)));
        buffer.putInt(batch.body().length).put(batch.body());
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 8, payload);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        return buffer;
    }

    /** The batch in a whole record, or {@code null} when the record is damaged. */
    private static SealedBatch decode(ByteBuffer record) {
        try {
            if (record.getInt() != MAGIC) {
                return null;
            }
            int payload = record.getInt();
            CRC32 crc = new CRC32();
            crc.update(record.array(), record.arrayOffset() + 8, payload);
            if (record.getInt(8 + payload) != (int) crc.getValue()) {
                return null;
            }
            long seq = record.getLong();
            int points = record.getInt();
            byte[] category = new byte[record.getShort()];
            record.get(category);
            byte[] input = new byte[record.getInt()];
            record.get(input);
            byte flags = record.get();
            boolean ignoreGlobalTags = (flags & 1) != 0;
            boolean json = (flags & 2) != 0;
            byte[] body = new byte[record.getInt()];
            record.get(body);
            PointCategory parsed = PointCategory.ofPath(new String(category, StandardCharsets.US_ASCII));
            if (parsed == null) {
                return null;
            }
            return new SealedBatch(seq,
                    new BatchKey(parsed, new String(input, StandardCharsets.UTF_8), ignoreGlobalTags, json), points,
                    body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
