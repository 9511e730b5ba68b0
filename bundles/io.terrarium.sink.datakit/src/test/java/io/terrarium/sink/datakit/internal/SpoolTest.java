package io.terrarium.sink.datakit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.data.PointCategory;

class SpoolTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Spool open(long maxBytes) throws IOException {
        return Spool.open(dir, maxBytes, warnings::add);
    }

    private static SealedBatch batch(long seq, int points, int bodyBytes) {
        byte[] body = new byte[bodyBytes];
        java.util.Arrays.fill(body, (byte) ('a' + seq % 26));
        return new SealedBatch(seq, new BatchKey(PointCategory.LOGGING, "in put ü", seq % 2 == 0), points, body);
    }

    @Test
    void batchesComeBackInOrderWithEverythingTheyCarried() throws IOException {
        try (Spool spool = open(1 << 20)) {
            for (long seq = 0; seq < 5; seq++) {
                assertEquals(List.of(), spool.append(batch(seq, 3, 100)));
            }
            assertEquals(15, spool.points());
            for (long seq = 0; seq < 5; seq++) {
                SealedBatch expected = batch(seq, 3, 100);
                SealedBatch head = spool.peek();
                assertEquals(expected.seq(), head.seq());
                assertEquals(expected.key(), head.key());
                assertEquals(expected.points(), head.points());
                assertArrayEquals(expected.body(), head.body());
                spool.removeHead();
            }
            assertTrue(spool.isEmpty());
            assertNull(spool.peek());
        }
    }

    @Test
    void aReopenedSpoolResumesAfterWhatWasSent() throws IOException {
        try (Spool spool = open(1 << 20)) {
            for (long seq = 10; seq < 15; seq++) {
                spool.append(batch(seq, 2, 50));
            }
            spool.removeHead();
            spool.removeHead();
        }
        try (Spool spool = open(1 << 20)) {
            assertEquals(6, spool.points());
            assertEquals(12, spool.headSeq());
            assertEquals(14, spool.lastSeq());
            spool.append(batch(15, 2, 50));
            List<Long> order = new ArrayList<>();
            while (!spool.isEmpty()) {
                order.add(spool.peek().seq());
                spool.removeHead();
            }
            assertEquals(List.of(12L, 13L, 14L, 15L), order);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a drained spool leaves no files");
        }
    }

    @Test
    void aFullSpoolDropsWholeOldestSegmentsAndSaysWhich() throws IOException {
        try (Spool spool = open(8192)) { // segments of 4096 bytes
            List<Spool.Dropped> dropped = new ArrayList<>();
            for (long seq = 0; seq < 40; seq++) {
                dropped.addAll(spool.append(batch(seq, 5, 900)));
                assertTrue(spool.bytes() <= 8192, spool.bytes() + " bytes");
            }
            assertTrue(!dropped.isEmpty());
            for (int i = 0; i < dropped.size(); i++) {
                assertEquals(i, dropped.get(i).seq(), "the oldest go first");
            }
            assertEquals(40 * 5, dropped.size() * 5 + spool.points(), "every point is kept or reported");
            assertEquals(dropped.size(), spool.headSeq());
        }
    }

    @Test
    void aBatchLargerThanTheWholeSpoolIsDroppedAloneAndNothingElse() throws IOException {
        try (Spool spool = open(4096)) {
            spool.append(batch(0, 1, 100));
            assertEquals(List.of(new Spool.Dropped(1, 7)), spool.append(batch(1, 7, 5000)));
            assertEquals(0, spool.headSeq());
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws IOException {
        try (Spool spool = open(1 << 20)) {
            spool.append(batch(0, 1, 100));
            spool.append(batch(1, 1, 100));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(file -> file.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        Files.write(segment, "DKS1 half a record".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (Spool spool = open(1 << 20)) {
            assertEquals(2, spool.points());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("damaged"), warnings.get(0));
            spool.append(batch(2, 1, 100));
            List<Long> order = new ArrayList<>();
            while (!spool.isEmpty()) {
                order.add(spool.peek().seq());
                spool.removeHead();
            }
            assertEquals(List.of(0L, 1L, 2L), order);
        }
    }

    @Test
    void loweringTheLimitDropsTheOldest() throws IOException {
        try (Spool spool = open(1 << 20)) {
            for (long seq = 0; seq < 50; seq++) {
                spool.append(batch(seq, 1, 1000));
            }
            List<Spool.Dropped> dropped = spool.setMaxBytes(20_000);
            assertTrue(spool.bytes() <= 20_000);
            assertEquals(0, dropped.get(0).seq());
            assertEquals(50, dropped.size() + spool.points());
        }
    }
}
