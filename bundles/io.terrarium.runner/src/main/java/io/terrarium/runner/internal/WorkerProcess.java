package io.terrarium.runner.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One running python3 worker: its pipes and its process tree. Reads protocol lines and stderr lines on two
 * daemon threads of its own and hands them to the callbacks; {@code onExit} runs once when stdout ends.
 */
final class WorkerProcess {

    private static final int READ_CHUNK = 64 * 1024;
    private static final int KEPT_LINE_BUFFER = 1024 * 1024;
    private static final long CLOSE_WAIT_MILLIS = 200;

    private final Process process;
    private final OutputStream input;
    /** Lines queued for the worker's stdin, written in this order by whichever thread holds {@link #writer}. */
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();
    private volatile Thread reader;
    // What the worker had started when its input was closed: once it exits, its children are re-parented and
    // are no longer its descendants, yet they must not outlive it.
    private volatile List<ProcessHandle> treeAtClose = List.of();

    private WorkerProcess(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
    }

    /** A protocol line: {@code length} bytes of {@code bytes} from {@code offset}, valid only during the call. */
    @FunctionalInterface
    interface LineHandler {
        void line(byte[] bytes, int offset, int length);
    }

    static WorkerProcess start(String name, List<String> command, Map<String, String> environment,
            LineHandler onLine, Consumer<String> onStderr, Runnable onExit) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        WorkerProcess worker = new WorkerProcess(builder.start());
        InputStream out = worker.process.getInputStream();
        worker.reader = worker.pump(name + "-out", () -> readLines(out, onLine), onExit);
        InputStream err = worker.process.getErrorStream();
        worker.pump(name + "-err", () -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onStderr.accept(line);
                }
            }
        }, () -> { });
        return worker;
    }

    private interface Reading {
        void run() throws IOException;
    }

    private Thread pump(String threadName, Reading reading, Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try {
                reading.run();
            } catch (IOException e) {
                // the process is gone; atEnd reports it
            } finally {
                atEnd.run();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Hands each line of the stream (without its newline) to the handler as bytes: protocol lines are parsed from
     * the read buffer itself, with no String or char copy of a line (a collect reply of 500 jobs is some 100 KB).
     * A line that spans reads is gathered in a second buffer, which shrinks back after an unusually long one.
     */
    static void readLines(InputStream in, LineHandler handler) throws IOException {
        byte[] chunk = new byte[READ_CHUNK];
        byte[] pending = new byte[READ_CHUNK];
        int pendingLength = 0;
        int read;
        while ((read = in.read(chunk)) > 0) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                if (pendingLength == 0) {
                    handler.line(chunk, start, i - start);
                } else {
                    pending = append(pending, pendingLength, chunk, start, i - start);
                    handler.line(pending, 0, pendingLength + i - start);
                    pendingLength = 0;
                    if (pending.length > KEPT_LINE_BUFFER) {
                        pending = new byte[READ_CHUNK];
                    }
                }
                start = i + 1;
            }
            if (start < read) {
                pending = append(pending, pendingLength, chunk, start, read - start);
                pendingLength += read - start;
            }
        }
        if (pendingLength > 0) {
            handler.line(pending, 0, pendingLength); // a last line without its newline
        }
    }

    private static byte[] append(byte[] buffer, int length, byte[] bytes, int offset, int count) {
        byte[] target = buffer;
        if (length + count > buffer.length) {
            target = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, target, length, count);
        return target;
    }

    long pid() {
        return process.pid();
    }

    /** The exit status, or -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Queues one protocol line for {@link #flush()}. Thread-safe, never blocks; lines never interleave. */
    void queue(String line) {
        outbox.add((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    boolean hasQueued() {
        return !outbox.isEmpty();
    }

    /** True on the thread that reads the worker's protocol lines, which must never wait for its stdin. */
    boolean readsOn(Thread thread) {
        return thread == reader;
    }

    /**
     * Writes the queued lines in the order they were queued; when another thread is writing already it returns at
     * once, and that thread writes these too (it looks again before it lets go). Waits while the pipe is full, so it
     * must not be called holding a lock the reading side takes, nor on the {@link #readsOn reader thread}: the worker
     * stops reading requests while its own output is not read.
     */
    void flush() throws IOException {
        while (!outbox.isEmpty() && writer.tryLock()) {
            try {
                byte[] line;
                while ((line = outbox.poll()) != null) {
                    input.write(line);
                }
                input.flush();
            } finally {
                writer.unlock();
            }
        }
    }

    /**
     * Closes the worker's input after a write in progress (lines still queued are dropped): it finishes and exits on
     * its own; {@link #kill} then ends what it started. A write that still waits for a worker that stopped reading
     * after {@value #CLOSE_WAIT_MILLIS} ms is left to that kill, which ends it.
     */
    void closeInput() {
        treeAtClose = process.toHandle().descendants().toList();
        outbox.clear();
        try {
            if (!writer.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            input.close();
        } catch (IOException e) {
            // already gone
        } finally {
            writer.unlock();
        }
    }

    boolean waitFor(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Kills the worker and every process it started, at once (SIGKILL), including those it had started when its
     * input was closed even if it has exited since. A handle of a process that has ended kills nothing, even if
     * its pid was reused (handles carry the process's start time).
     */
    void kill() {
        List<ProcessHandle> tree = new ArrayList<>(treeAtClose);
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    static List<String> command(String interpreter, Path core, boolean debug, boolean trace) {
        List<String> command = new ArrayList<>(List.of(interpreter, "-u", core.resolve("worker.py").toString()));
        if (debug) {
            command.add("--debug");
        }
        if (trace) {
            command.add("--trace");
        }
        return command;
    }
}
