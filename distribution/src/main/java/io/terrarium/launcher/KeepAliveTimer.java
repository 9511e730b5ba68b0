package io.terrarium.launcher;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link NetdataOutput#keepAlive()} every {@value #PERIOD_MILLIS} ms, the first time at once: the empty
 * line python.d.plugin prints every second, and the write that finds out when nobody reads stdout any more.
 * Java cannot poll fd 1 for a reader that went away, so only a write tells; writing four times a second (the
 * daemon skips empty lines) is what lets the plugin exit within a second of the pipe closing.
 */
final class KeepAliveTimer implements AutoCloseable {

    static final long PERIOD_MILLIS = 250;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "netdata-keepalive");
        thread.setDaemon(true);
        return thread;
    });

    KeepAliveTimer(NetdataOutput output) {
        timer.scheduleAtFixedRate(output::keepAlive, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
