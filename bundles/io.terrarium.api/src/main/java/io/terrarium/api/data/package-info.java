/**
 * What collectors produce: Netdata chart definitions and values, and DataKit points, as plain immutable values.
 * Rendering them into a protocol is a sink's job.
 */
@Export
@Version("1.1.0")
package io.terrarium.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
