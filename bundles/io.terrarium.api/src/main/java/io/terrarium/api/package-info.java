/**
 * Terrarium's shared vocabulary: collector jobs and where they come from, the runner that executes them,
 * the outputs that receive what they collect, and the validators in between.
 */
@Export
@Version("2.1.0")
package io.terrarium.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
