package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code WorkerProcess.queue} and {@code flush}: a thread that finds a write in progress does not wait for the pipe,
 * and every line arrives once, in the order queued (a worker busy elsewhere fills its stdin pipe: 64 KB here).
 */
class WorkerProcessWritesTest {

    // reads nothing for a second, then counts its input lines and says how many, and the first field of the last
    private static final String CHILD = "import sys, time\n"
            + "time.sleep(1)\n"
            + "lines = sys.stdin.buffer.read().splitlines()\n"
            + "print(len(lines), lines[-1].split(b' ')[0].decode(), flush=True)\n";

    @Test
    void aSecondWriterDoesNotWaitForAFullPipeAndEveryLineArrivesInOrder() throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        CountDownLatch exited = new CountDownLatch(1);
        WorkerProcess child = WorkerProcess.start("writes-test", List.of("python3", "-c", CHILD), Map.of(),
                (bytes, offset, length) -> out.add(new String(bytes, offset, length)), line -> { },
                exited::countDown);
        try {
            String big = "x".repeat(4096);
            for (int i = 0; i < 100; i++) {
                child.queue(i + " " + big); // 400 KB: several times what the pipe holds
            }
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    child.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            assertTrue(!first.isDone(), "the first writer waits: the child reads nothing yet");
            child.queue("last");
            child.flush(); // the first writer holds the pipe: this one returns, its line written by that one
            assertTrue(!first.isDone(), "the second flush returned while the first still waits for the pipe");
            first.get(10, TimeUnit.SECONDS);
            child.closeInput();
            assertTrue(exited.await(10, TimeUnit.SECONDS), "the child exits once its input ends");
            assertEquals(List.of("101 last"), out);
        } finally {
            child.kill();
        }
    }
}
