package io.terrarium.launcher;

import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework once, for the first reason asked, and halts the JVM if stopping takes longer than the
 * reason's bound. A request that comes before the framework is active is carried out as soon as it is.
 * Thread-safe: requests come from the sink's thread, the keep-alive (on the main thread), the stdin reader and the
 * shutdown hook.
 */
final class StopControl {

    private static final Logger LOG = LoggerFactory.getLogger(StopControl.class);

    // All access to the fields below must be guarded by "this"
    private Framework framework;
    private StopReason reason;
    private int exitCode;

    /** Asks for a stop; only the first request counts. */
    void request(StopReason why, int code) {
        Framework active;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            exitCode = code;
            active = framework;
        }
        LOG.info("stopping: {}", why.description());
        armWatchdog(why.bound(), code);
        if (active != null) {
            stopAsync(active);
        }
    }

    /** The framework has started; a stop already asked for happens now. */
    void frameworkActive(Framework started) {
        boolean stopNow;
        synchronized (this) {
            framework = started;
            stopNow = reason != null;
        }
        if (stopNow) {
            stopAsync(started);
        }
    }

    synchronized boolean requested() {
        return reason != null;
    }

    /** The exit status asked for, if a stop was asked for. */
    synchronized Optional<Integer> exitCode() {
        return reason == null ? Optional.empty() : Optional.of(exitCode);
    }

    private static void stopAsync(Framework target) {
        // Felix stops on its own thread; calling stop() from a component's callback must not wait on it
        Thread stopper = new Thread(() -> {
            try {
                target.stop();
            } catch (BundleException | RuntimeException e) {
                LOG.error("could not stop the framework", e);
            }
        }, "terrarium-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static void armWatchdog(Duration bound, int code) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.error("the framework did not stop within {} ms; halting", bound.toMillis());
            Runtime.getRuntime().halt(code);
        }, "terrarium-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
