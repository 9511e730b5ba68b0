package io.terrarium.config.internal;

import org.osgi.framework.Bundle;

/**
 * Which collector bundle, as the extender names it in folders and messages.
 *
 * @param symbolicName the bundle's symbolic name: also the name of its job source
 * @param version      its version, as text (e.g. {@code 0.1.0.SNAPSHOT})
 * @param bundleId     its id in this framework
 * @param lastModified when it was installed or last updated (ms): an update changes it, so an updated bundle gets a
 *                     fresh folder and its modules are imported afresh
 */
record CollectorBundle(String symbolicName, String version, long bundleId, long lastModified) {

    static CollectorBundle of(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return new CollectorBundle(name == null ? "bundle-" + bundle.getBundleId() : name,
                bundle.getVersion().toString(), bundle.getBundleId(), bundle.getLastModified());
    }

    /** {@code <bsn>-<version>-<bundleId>-<lastModified>}, safe as a file name. */
    String folderName() {
        return safe(symbolicName) + "-" + safe(version) + "-" + bundleId + "-" + lastModified;
    }

    /** {@code collector bundle <bsn> <version>}: how every message names it. */
    String label() {
        return "collector bundle " + symbolicName + " " + version;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
