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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running python3 worker: its pipes and its process tree. Reads protocol lines and stderr lines on two
 * daemon threads of its own and hands them to the callbacks; {@code onExit} runs once when stdout ends.
 */
final class WorkerProcess {

    private final Process process;
    private final OutputStream input;
    private final Object writeLock = new Object();
    // What the worker had started when its input was closed: once it exits, its children are re-parented and
    // are no longer its descendants, yet they must not outlive it.
    private volatile List<ProcessHandle> treeAtClose = List.of();

    private WorkerProcess(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
    }

    static WorkerProcess start(String name, List<String> command, Map<String, String> environment,
            Consumer<String> onLine, Consumer<String> onStderr, Runnable onExit) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        WorkerProcess worker = new WorkerProcess(builder.start());
        worker.pump(name + "-out", worker.process.getInputStream(), onLine, onExit);
        worker.pump(name + "-err", worker.process.getErrorStream(), onStderr, () -> { });
        return worker;
    }

    private void pump(String threadName, InputStream stream, Consumer<String> onLine, Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process is gone; atEnd reports it
            } finally {
                atEnd.run();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
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

    /** Sends one protocol line. Thread-safe; lines never interleave. */
    void send(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            input.write(bytes);
            input.flush();
        }
    }

    /** Closes the worker's input: it finishes and exits on its own; {@link #kill} then ends what it started. */
    void closeInput() {
        treeAtClose = process.toHandle().descendants().toList();
        synchronized (writeLock) {
            try {
                input.close();
            } catch (IOException e) {
                // already gone
            }
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
