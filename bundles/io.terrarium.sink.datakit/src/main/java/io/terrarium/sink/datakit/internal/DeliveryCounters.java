package io.terrarium.sink.datakit.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.terrarium.sink.datakit.DeliveryStatus;

/** A destination's point counters; see {@link DeliveryStatus.Counters} for what each counts. Thread-safe. */
final class DeliveryCounters {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    DeliveryStatus.Counters snapshot() {
        return new DeliveryStatus.Counters(sent.get(), failed.get(), retried.get(), spooled.get(), dropped.get());
    }
}
