package io.terrarium.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plugin process (ours or python.d.plugin) with its stdout and stderr captured line by line. Every process
 * of its tree seen while it runs is remembered, so {@link #close()} can end them all by PID and a test can
 * check none outlived it. Reading stdout can be paused, as a Netdata daemon that stops reading the pipe; a test that
 * reads a lot hands stdout to its own reader instead of keeping it.
 */
final class PluginProcess implements AutoCloseable {

    record Line(long nanos, String text) {
    }

    private final Process process;
    final List<Line> stdout = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Set<Long> seenPids = java.util.Collections.synchronizedSet(new HashSet<>());
    private final Thread watcher;
    final long startedNanos = System.nanoTime();
    // All access guarded by "this".
    private boolean stdoutPaused;

    PluginProcess(List<String> command, Map<String, String> environment, Path workingDirectory) throws IOException {
        this(command, environment, workingDirectory, null);
    }

    /**
     * @param stdoutReader given each stdout line, on the one thread that reads stdout, instead of {@link #stdout}
     *                     keeping it (which copies the list for every line); {@code null} to keep them
     */
    PluginProcess(List<String> command, Map<String, String> environment, Path workingDirectory,
            java.util.function.Consumer<String> stdoutReader) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        process = builder.start();
        seenPids.add(process.pid());
        java.util.function.Consumer<String> keep = text -> stdout.add(new Line(System.nanoTime(), text));
        java.util.function.Consumer<String> reader = stdoutReader != null ? stdoutReader : keep;
        pump(process.getInputStream(), text -> {
            reader.accept(text);
            awaitStdoutReading();
        });
        pump(process.getErrorStream(), stderr::add);
        watcher = new Thread(() -> {
            while (process.isAlive()) {
                process.descendants().forEach(p -> seenPids.add(p.pid()));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pid-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void pump(InputStream stream, java.util.function.Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // closed
            }
        }, "pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading stdout (after the line being read), so the pipe fills and the plugin's writes block. */
    synchronized void pauseStdout() {
        stdoutPaused = true;
    }

    synchronized void resumeStdout() {
        stdoutPaused = false;
        notifyAll();
    }

    private synchronized void awaitStdoutReading() {
        while (stdoutPaused) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    List<String> stdoutTexts() {
        List<String> texts = new ArrayList<>();
        stdout.forEach(line -> texts.add(line.text()));
        return texts;
    }

    long count(Predicate<String> predicate) {
        return stdout.stream().filter(line -> predicate.test(line.text())).count();
    }

    void awaitStdout(String what, long timeoutMillis, Predicate<List<String>> condition) throws InterruptedException {
        Await.until(what, timeoutMillis, () -> condition.test(stdoutTexts()),
                () -> "\nstdout tail: " + tail(stdoutTexts()) + "\nstderr tail: " + tail(stderr));
    }

    static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Every PID seen in the tree while it ran. */
    Set<Long> seenPids() {
        synchronized (seenPids) {
            return new HashSet<>(seenPids);
        }
    }

    /** PIDs of the tree still alive. */
    List<Long> survivors() {
        List<Long> alive = new ArrayList<>();
        for (long pid : seenPids()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> alive.add(pid));
        }
        return alive;
    }

    /** Sends SIGTERM and waits for the process to exit; true if it did within the time. */
    boolean terminate(long timeoutMillis) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Ends whatever is left of the tree, by PID. */
    @Override
    public void close() {
        resumeStdout();
        process.destroy();
        try {
            process.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long pid : seenPids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        watcher.interrupt();
    }
}
