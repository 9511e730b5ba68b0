package io.terrarium.source.git.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code git daemon} on a loopback port, serving every repository under a folder over {@code git://}. It
 * can be stopped and started again on the same port (the remote going away and coming back); {@link #close()} ends
 * it and every process it forked, by PID.
 */
public final class GitDaemon implements AutoCloseable {

    private final Path base;
    private final int port;
    private final Path log;
    private Process process;

    public GitDaemon(Path base, Path log) {
        this.base = base;
        this.log = log;
        this.port = freePort();
        start();
    }

    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name + ".git";
    }

    public synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                    "--port=" + port, "--base-path=" + base, "--export-all", "--informative-errors", base.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start git daemon: " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("git daemon exited " + process.exitValue() + "; see " + log);
                }
                sleep(50);
            }
        }
        throw new IllegalStateException("git daemon does not listen on " + port + " after 15 s; see " + log);
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.end(process.toHandle());
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
