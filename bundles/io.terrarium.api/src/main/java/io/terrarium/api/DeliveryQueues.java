package io.terrarium.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The delivery stage between collection and the sinks, as the shell shows it: one bounded queue per {@link Sink},
 * drained by that sink's own delivery thread (see {@link Sink} for the contract). Provided by the scheduler.
 * Thread-safe; never waits for a sink.
 */
@ProviderType
public interface DeliveryQueues {

    /** A snapshot of the queue of every sink the stage feeds now. */
    List<DeliveryQueueStatus> queues();
}
