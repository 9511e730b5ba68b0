package io.terrarium.sink.datakit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running DataKit sink, registered beside its {@code Sink} service (same service properties, so
 * {@code terrarium.sink.name} names it). Thread-safe; {@link #deliveryStatus()} never blocks on the network.
 */
@ProviderType
public interface DataKitDelivery {

    /** A snapshot of the sink's counters and of each DataKit address it writes to. */
    DeliveryStatus deliveryStatus();
}
