package io.terrarium.itests;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on conditions, never on fixed sleeps. */
final class Await {

    private Await() {
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        until(what, timeoutMillis, condition, () -> "");
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what + " "
                        + state.get());
            }
            Thread.sleep(20);
        }
    }
}
