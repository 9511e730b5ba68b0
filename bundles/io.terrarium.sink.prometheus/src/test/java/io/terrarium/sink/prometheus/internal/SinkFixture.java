package io.terrarium.sink.prometheus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;

import io.terrarium.api.JobId;

/** Starts sinks on loopback ports the system picks, with a clock the test moves, and stops them after each test. */
abstract class SinkFixture {

    static final JobId LOCAL = new JobId("hostinfo", "local");

    /** The sinks' clock, in nanoseconds: it moves only when a test moves it. */
    final AtomicLong clock = new AtomicLong(TimeUnit.DAYS.toNanos(1));

    private final List<PrometheusSink> open = new ArrayList<>();

    PrometheusSink start(Object... config) {
        return startNamed("main", config);
    }

    PrometheusSink startNamed(String name, Object... config) {
        PrometheusSink sink = new PrometheusSink(Configs.prometheus(config), Configs.factoryProperties(name),
                clock::get);
        open.add(sink);
        return sink;
    }

    void advanceSeconds(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @AfterEach
    void stopSinks() {
        open.forEach(sink -> {
            if (!"closed".equals(sink.status().state())) {
                sink.deactivate();
            }
        });
    }

    /** Waits for a condition, generously: the machine is small and busy. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
