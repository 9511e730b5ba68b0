/**
 * The DataKit sink's view for operators: what it delivered, retried, spooled and dropped, per destination.
 * The shell reads it through {@link io.terrarium.sink.datakit.DataKitDelivery} services.
 */
@Export
@Version("1.0.0")
package io.terrarium.sink.datakit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
