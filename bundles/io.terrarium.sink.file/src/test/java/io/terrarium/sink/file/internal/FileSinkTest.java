package io.terrarium.sink.file.internal;

import static io.terrarium.sink.file.internal.Results.batch;
import static io.terrarium.sink.file.internal.Results.map;
import static io.terrarium.sink.file.internal.Results.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointCategory;

/** The sink on real files: rotation, configuration changes, failures and recovery, concurrent jobs. */
class FileSinkTest {

    @TempDir
    Path folder;

    private final List<FileSink> sinks = new ArrayList<>();

    @AfterEach
    void stopSinks() {
        sinks.forEach(FileSink::deactivate);
    }

    private FileSink sink(String name, Object... config) {
        FileSink sink = new FileSink(folder, Configs.file(config), Configs.factory(name));
        sinks.add(sink);
        return sink;
    }

    // ---- rotation ----

    @Test
    void aResultThatWouldTakeTheFilePastMaxBytesRotatesItFirstAndFilesBeyondKeepGo() {
        Path file = folder.resolve("rot.jsonl");
        int size = sizeOf(numbered("r", 1));
        FileSink sink = sink("rot", "path", file.toString(), "maxBytes", 3L * size + size / 2, "keep", 3);

        IntStream.rangeClosed(1, 20).forEach(n -> sink.deliver(numbered("r", n)));

        assertEquals(List.of(19, 20), seqs(file));
        assertEquals(List.of(16, 17, 18), seqs(rotated(file, 1)));
        assertEquals(List.of(13, 14, 15), seqs(rotated(file, 2)));
        assertEquals(List.of(10, 11, 12), seqs(rotated(file, 3)));
        assertFalse(Files.exists(rotated(file, 4)), "keep=3 keeps three rotated files");
        for (Path each : List.of(file, rotated(file, 1), rotated(file, 2), rotated(file, 3))) {
            assertTrue(bytes(each).length <= 3L * size + size / 2, each + " stays within maxBytes");
        }
        assertEquals(20, sink.status().sent());
    }

    @Test
    void rotationLosesNothingWhileKeepHoldsEveryFile() {
        Path file = folder.resolve("all.jsonl");
        int size = sizeOf(numbered("r", 1));
        FileSink sink = sink("all", "path", file.toString(), "maxBytes", 2L * size, "keep", 10);

        IntStream.rangeClosed(1, 19).forEach(n -> sink.deliver(numbered("r", n)));

        List<Integer> all = new ArrayList<>();
        filesOldestFirst(file).forEach(each -> all.addAll(seqs(each)));
        assertEquals(IntStream.rangeClosed(1, 19).boxed().toList(), all);
        assertEquals(10, filesOldestFirst(file).size(), "two results a file: nine full files and the current one");
    }

    @Test
    void aLineLargerThanMaxBytesIsWrittenWholeToAFreshFile() {
        Path file = folder.resolve("big.jsonl");
        int size = sizeOf(numbered("r", 1));
        long maxBytes = 2L * size + size / 2;
        FileSink sink = sink("big", "path", file.toString(), "maxBytes", maxBytes, "keep", 5);
        CollectionResult huge = Results.points(batch(PointCategory.LOGGING, "big",
                new Point("huge", map("seq", "000099"), map("message", "x".repeat((int) maxBytes * 3)), 1)));

        sink.deliver(numbered("r", 1));
        sink.deliver(numbered("r", 2));
        sink.deliver(huge);
        sink.deliver(numbered("r", 3));

        assertEquals(List.of(3), seqs(file));
        assertEquals(List.of(99), seqs(rotated(file, 1)));
        assertTrue(bytes(rotated(file, 1)).length > maxBytes);
        assertEquals(List.of(1, 2), seqs(rotated(file, 2)));
    }

    @Test
    void aResultLargerThanMaxBytesIsNeverSplitAcrossFiles() {
        Path file = folder.resolve("whole.jsonl");
        int size = sizeOf(numbered("r", 1));
        FileSink sink = sink("whole", "path", file.toString(), "maxBytes", 2L * size + size / 2, "keep", 5);
        Point[] points = IntStream.rangeClosed(50, 57).mapToObj(n -> new Point("seq",
                map("source", "r", "seq", String.format("%06d", n)), map("n", 1L), 1)).toArray(Point[]::new);

        sink.deliver(numbered("r", 1));
        sink.deliver(Results.points(batch(PointCategory.METRIC, "test", points)));
        sink.deliver(numbered("r", 2));

        assertEquals(List.of(2), seqs(file));
        assertEquals(IntStream.rangeClosed(50, 57).boxed().toList(), seqs(rotated(file, 1)));
        assertEquals(List.of(1), seqs(rotated(file, 2)));
    }

    @Test
    void keepZeroTruncatesTheFileInsteadOfKeepingIt() {
        Path file = folder.resolve("trunc.jsonl");
        int size = sizeOf(numbered("r", 1));
        FileSink sink = sink("trunc", "path", file.toString(), "maxBytes", 3L * size + size / 2, "keep", 0);

        IntStream.rangeClosed(1, 7).forEach(n -> sink.deliver(numbered("r", n)));

        assertEquals(List.of(7), seqs(file));
        assertEquals(List.of(file), filesOldestFirst(file));
    }

    @Test
    void maxBytesZeroNeverRotates() {
        Path file = folder.resolve("forever.jsonl");
        FileSink sink = sink("forever", "path", file.toString(), "maxBytes", 0L);

        IntStream.rangeClosed(1, 50).forEach(n -> sink.deliver(numbered("r", n)));

        assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), seqs(file));
        assertEquals(List.of(file), filesOldestFirst(file));
    }

    // ---- configuration changes ----

    @Test
    void aSmallerKeepRemovesTheExtraRotatedFilesAtOnce() {
        Path file = folder.resolve("keep.jsonl");
        int size = sizeOf(numbered("r", 1));
        Object[] config = { "path", file.toString(), "maxBytes", (long) size, "keep", 5 };
        FileSink sink = sink("keep", config);
        IntStream.rangeClosed(1, 6).forEach(n -> sink.deliver(numbered("r", n)));
        assertTrue(Files.exists(rotated(file, 5)));

        sink.modified(Configs.file("path", file.toString(), "maxBytes", (long) size, "keep", 2),
                Configs.factory("keep"));

        assertEquals(List.of(rotated(file, 2), rotated(file, 1), file), filesOldestFirst(file));
        assertEquals(List.of(4), seqs(rotated(file, 2)));
        assertEquals(List.of(6), seqs(file));
    }

    @Test
    void aNewPathClosesTheOldFileAndTheNextResultsGoToTheNewOne() throws IOException {
        Path first = folder.resolve("first.jsonl");
        Path second = folder.resolve("sub/second.jsonl");
        FileSink sink = sink("move", "path", first.toString());
        sink.deliver(numbered("r", 1));

        sink.modified(Configs.file("path", second.toString()), Configs.factory("move"));
        sink.deliver(numbered("r", 2));

        assertEquals(List.of(1), seqs(first));
        assertEquals(List.of(2), seqs(second));
        assertEquals(0, handlesOn(first), "the old file is closed");
        assertEquals(second.toString(), sink.status().target());
    }

    @Test
    void turningFlushOnWritesWhatWasBufferedAtOnce() {
        Path file = folder.resolve("flush.jsonl");
        FileSink sink = sink("flush", "path", file.toString(), "flush", false);
        sink.deliver(numbered("r", 1));
        assertEquals(0, bytes(file).length, "flush=false holds a small result in memory");
        assertEquals(1, sink.status().queued());

        sink.modified(Configs.file("path", file.toString(), "flush", true), Configs.factory("flush"));

        assertEquals(List.of(1), seqs(file));
        assertEquals(0, sink.status().queued());
        assertEquals(1, sink.status().sent());
    }

    @Test
    void bufferedResultsAreWrittenWholeOnceTheyFill64KiB() {
        Path file = folder.resolve("buffered.jsonl");
        FileSink sink = sink("buffered", "path", file.toString(), "flush", false);
        int size = sizeOf(numbered("r", 1));
        int fill = RotatingFile.BUFFER_BYTES / size + 1;

        IntStream.rangeClosed(1, fill - 1).forEach(n -> sink.deliver(numbered("r", n)));
        assertEquals(0, bytes(file).length, "below 64 KiB everything waits");
        sink.deliver(numbered("r", fill));

        assertEquals(IntStream.rangeClosed(1, fill).boxed().toList(), seqs(file));
        assertEquals(0, sink.status().queued());
    }

    @Test
    void whenNothingIsLeftToRunWhatIsBufferedIsWritten() {
        Path file = folder.resolve("idle.jsonl");
        FileSink sink = sink("idle", "path", file.toString(), "flush", false);
        sink.deliver(numbered("r", 1));
        assertEquals(0, bytes(file).length);

        sink.nothingToRun();

        assertEquals(List.of(1), seqs(file));
        assertEquals(0, sink.status().queued());
    }

    @Test
    void aRelativePathIsResolvedAgainstTheHomeFolderAndItsFolderCreated() {
        Path home = folder.resolve("home");
        FileSink sink = new FileSink(home, Configs.file("path", "logs/debug.jsonl"), Configs.factory("relative"));
        sinks.add(sink);

        sink.deliver(numbered("r", 1));

        Path expected = home.resolve("logs/debug.jsonl").toAbsolutePath();
        assertEquals(List.of(1), seqs(expected));
        assertEquals(expected.toString(), sink.status().target());
    }

    // ---- failures ----

    @Test
    void anUnusableFolderFailsWithOneLogLineDropsRecordsAndRecoversOnceFixed() throws IOException {
        Path blocker = folder.resolve("blocked");
        Files.writeString(blocker, "a file where the folder should be");
        Path file = blocker.resolve("out.jsonl");
        FileSink[] sink = new FileSink[1];

        List<String> log = Stderr.linesDuring(() -> {
            sink[0] = sink("broken", "path", file.toString());
            sink[0].deliver(numbered("r", 1));
            sink[0].deliver(numbered("r", 2));
        });

        List<String> errors = log.stream().filter(line -> line.contains("cannot write")).toList();
        assertEquals(1, errors.size(), "one log line for the failure, not one per delivery: " + log);
        assertTrue(errors.get(0).contains("sink broken") && errors.get(0).contains(file.toString()), errors.get(0));
        assertStatus(sink[0].status(), "failed", 2, 0, 2, 2);

        Files.delete(blocker);
        List<String> recovery = Stderr.linesDuring(() -> sink[0].deliver(numbered("r", 3)));

        assertEquals(List.of(3), seqs(file));
        assertStatus(sink[0].status(), "ok", 3, 1, 2, 2);
        assertTrue(recovery.stream().anyMatch(line -> line.contains("sink broken: writing to " + file + " again")),
                "recovery is logged: " + recovery);
    }

    @Test
    void withoutAPathTheSinkIsFailedWithOneLogLineAndWritesNothing() throws IOException {
        FileSink[] sink = new FileSink[1];

        List<String> log = Stderr.linesDuring(() -> {
            sink[0] = sink("nopath");
            sink[0].deliver(numbered("r", 1));
        });

        List<String> errors = log.stream().filter(line -> line.contains("no path")).toList();
        assertEquals(1, errors.size(), String.valueOf(log));
        assertTrue(errors.get(0).contains("sink nopath") && errors.get(0).contains("io.terrarium.sink.file~nopath"));
        assertStatus(sink[0].status(), "failed", 1, 0, 1, 1);
        assertEquals("", sink[0].status().target());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aSecondSinkOnTheSameFileIsFailedUntilTheFirstLetsGoOfIt() {
        Path file = folder.resolve("shared.jsonl");
        FileSink first = sink("first", "path", file.toString());
        FileSink[] second = new FileSink[1];

        List<String> log = Stderr.linesDuring(() -> {
            second[0] = sink("second", "path", file.toString());
            second[0].deliver(numbered("r", 1));
        });

        assertTrue(log.stream().anyMatch(line -> line.contains("sink second: cannot write " + file)
                && line.contains("sink first writes it already")), String.valueOf(log));
        assertStatus(second[0].status(), "failed", 1, 0, 1, 1);

        first.modified(Configs.file("path", folder.resolve("other.jsonl").toString()), Configs.factory("first"));
        second[0].deliver(numbered("r", 2));

        assertEquals(List.of(2), seqs(file));
        assertEquals("ok", second[0].status().state());
    }

    @Test
    void aFileRemovedWhileOpenIsCreatedAgainAtTheNextDelivery() throws IOException {
        Path file = folder.resolve("removed.jsonl");
        FileSink sink = sink("removed", "path", file.toString());
        sink.deliver(numbered("r", 1));

        Files.delete(file);
        sink.deliver(numbered("r", 2));

        assertEquals(List.of(2), seqs(file));
        assertEquals(1, handlesOn(file), "the removed file's handle is closed, the new one open");
    }

    @Test
    void aTornLastLineLeftByACrashIsEndedBeforeNewLinesAreAppended() throws IOException {
        Path file = folder.resolve("torn.jsonl");
        Files.writeString(file, "{\"kind\": \"point\", \"ta");
        FileSink sink = sink("torn", "path", file.toString());

        sink.deliver(numbered("r", 1));

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"kind\": \"point\", \"ta\n"), text);
        Path appended = folder.resolve("appended.jsonl");
        Files.writeString(appended, text.substring(text.indexOf('\n') + 1));
        assertEquals(List.of(1), seqs(appended));
    }

    // ---- status, preview, stop ----

    @Test
    void statusCountsResultsReceivedAndLinesWritten() {
        Path file = folder.resolve("status.jsonl");
        FileSink sink = sink("status", "path", file.toString());
        Point point = new Point("m", Map.of(), map("v", 1L), 1);

        sink.deliver(Results.points(batch(PointCategory.METRIC, "i", point, point, point)));
        sink.deliver(Results.points());

        assertStatus(sink.status(), "ok", 2, 3, 0, 0);
        assertEquals(file.toString(), sink.status().target());
        assertEquals(0, sink.status().queued());
    }

    @Test
    void previewShowsTheLinesDeliverWouldWriteWithoutWritingOrCounting() throws IOException {
        Path file = folder.resolve("preview.jsonl");
        FileSink sink = sink("preview", "path", file.toString());
        CollectionResult result = numbered("r", 1);

        String preview = sink.preview(result);

        assertEquals(0, Files.size(file));
        assertStatus(sink.status(), "ok", 0, 0, 0, 0);
        sink.deliver(result);
        assertEquals(preview, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void stopWritesWhatIsBufferedClosesTheFileAndCountsLaterResultsAsDropped() throws IOException {
        Path file = folder.resolve("stop.jsonl");
        FileSink sink = sink("stop", "path", file.toString(), "flush", false);
        sink.deliver(numbered("r", 1));
        sink.deliver(numbered("r", 2));
        assertEquals(0, Files.size(file));

        sink.deactivate();
        sink.deliver(numbered("r", 3));

        assertEquals(List.of(1, 2), seqs(file));
        assertEquals(0, handlesOn(file));
        assertStatus(sink.status(), "closed", 3, 2, 0, 1);
    }

    // ---- concurrency ----

    @Test
    void concurrentJobsGetEveryResultWrittenWholeAndContiguousAcrossRotations() throws Exception {
        Path file = folder.resolve("busy.jsonl");
        int threads = 8;
        int perThread = 150;
        int linesPerResult = 3;
        FileSink sink = sink("busy", "path", file.toString(), "maxBytes", 32_768L, "keep", 1000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String source = "job" + t;
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        sink.deliver(multiLine(source, n, linesPerResult));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> job : jobs) {
                job.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }

        List<Path> files = filesOldestFirst(file);
        List<JsonNode> lines = PythonJson.lines(files.toArray(Path[]::new));
        assertTrue(files.size() > 10, "the test rotates many times: " + files.size());
        assertEquals(threads * perThread * linesPerResult, lines.size());
        Set<String> seen = new HashSet<>();
        int[] lastPerSource = new int[threads];
        java.util.Arrays.fill(lastPerSource, -1);
        for (int i = 0; i < lines.size(); i += linesPerResult) {
            JsonNode first = lines.get(i).get("tags");
            String source = first.get("source").asText();
            int seq = first.get("seq").asInt();
            for (int part = 0; part < linesPerResult; part++) {
                JsonNode tags = lines.get(i + part).get("tags");
                assertEquals(source + "/" + seq + "/" + part,
                        tags.get("source").asText() + "/" + tags.get("seq").asInt() + "/" + tags.get("part").asInt(),
                        "line " + (i + part) + ": a result's lines are contiguous and in order");
            }
            assertTrue(seen.add(source + "/" + seq), "each result once");
            int index = Integer.parseInt(source.substring(3));
            assertEquals(lastPerSource[index] + 1, seq, "one job's results in delivery order");
            lastPerSource[index] = seq;
        }
        assertStatus(sink.status(), "ok", threads * perThread, threads * perThread * linesPerResult, 0, 0);
    }

    private static CollectionResult multiLine(String source, int seq, int lines) {
        Point[] points = IntStream.range(0, lines).mapToObj(part -> new Point("busy",
                map("source", source, "seq", String.valueOf(seq), "part", String.valueOf(part)),
                map("payload", "p".repeat(100 + seq % 50)), 1)).toArray(Point[]::new);
        return Results.points(batch(PointCategory.METRIC, "busy", points));
    }

    // ---- helpers ----

    private static void assertStatus(SinkStatus status, String state, long received, long sent, long failed,
            long dropped) {
        assertEquals(state + " received=" + received + " sent=" + sent + " failed=" + failed + " dropped=" + dropped,
                status.state() + " received=" + status.received() + " sent=" + status.sent() + " failed="
                        + status.failed() + " dropped=" + status.dropped());
    }

    /** The encoded size of a result, from a throwaway sink's preview. */
    private int sizeOf(CollectionResult result) {
        FileSink probe = sink("probe", "path", folder.resolve("probe.jsonl").toString());
        return probe.preview(result).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The {@code seq} tag of every line of {@code file}, as python3 reads them. */
    private static List<Integer> seqs(Path file) {
        return PythonJson.lines(file).stream().map(line -> line.get("tags").get("seq").asInt()).toList();
    }

    private static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** {@code file.N} ... {@code file.1}, {@code file}: every file that exists, oldest first. */
    private static List<Path> filesOldestFirst(Path file) {
        List<Path> files = new ArrayList<>();
        for (int n = 1; Files.exists(rotated(file, n)); n++) {
            files.add(0, rotated(file, n));
        }
        if (Files.exists(file)) {
            files.add(file);
        }
        return files;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many of this process's file descriptors point at {@code file} (or at it removed). */
    private static long handlesOn(Path file) throws IOException {
        String path = file.toAbsolutePath().toString();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    return target.equals(path) || target.equals(path + " (deleted)");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
