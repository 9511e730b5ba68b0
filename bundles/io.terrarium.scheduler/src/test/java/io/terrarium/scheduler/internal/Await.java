package io.terrarium.scheduler.internal;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition, never on a fixed sleep. */
final class Await {

    private Await() {
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        until(what, timeoutMillis, condition, () -> "");
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what + " "
                        + state.get());
            }
            Thread.sleep(10);
        }
    }

    /** The delivery threads alive now. */
    static long deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("terrarium-delivery-") && thread.isAlive()).count();
    }
}
