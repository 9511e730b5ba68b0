package io.terrarium.config.internal;

import org.osgi.framework.Bundle;

import io.terrarium.api.CollectorTree;

/**
 * Which collector bundle, or which {@link CollectorTree} (a git repository's checkout), as the extender names it in
 * folders and messages.
 *
 * @param symbolicName the bundle's symbolic name, or the tree's name: also the name of its job source
 * @param version      the bundle's version, as text (e.g. {@code 0.1.0.SNAPSHOT}); a tree's revision (commit id)
 * @param bundleId     the bundle's id in this framework; for a tree, a negative number the extender gives it
 * @param lastModified when the bundle was installed or last updated (ms): an update changes it, so an updated bundle
 *                     gets a fresh folder and its modules are imported afresh; 0 for a tree
 * @param treeLabel    a tree's own label ({@code git repository ops}); {@code null} for a bundle
 */
record CollectorBundle(String symbolicName, String version, long bundleId, long lastModified, String treeLabel) {

    CollectorBundle(String symbolicName, String version, long bundleId, long lastModified) {
        this(symbolicName, version, bundleId, lastModified, null);
    }

    static CollectorBundle of(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return new CollectorBundle(name == null ? "bundle-" + bundle.getBundleId() : name,
                bundle.getVersion().toString(), bundle.getBundleId(), bundle.getLastModified());
    }

    /** A tree at the revision it holds now. */
    static CollectorBundle of(CollectorTree tree, long id) {
        return new CollectorBundle(tree.name(), tree.status().revision(), id, 0, tree.label());
    }

    boolean isTree() {
        return treeLabel != null;
    }

    /** {@code <bsn>-<version>-<bundleId>-<lastModified>}, safe as a file name. */
    String folderName() {
        return safe(symbolicName) + "-" + safe(version) + "-" + bundleId + "-" + lastModified;
    }

    /**
     * How every message names it: {@code collector bundle <bsn> <version>}, or {@code git repository <name> at
     * <commit>} (so a problem with a commit names the commit).
     */
    String label() {
        if (isTree()) {
            return version.isEmpty() ? treeLabel
                    : treeLabel + " at " + CollectorTree.shortRevision(version);
        }
        return "collector bundle " + symbolicName + " " + version;
    }

    /** {@link #label()}, with the bundle id for a bundle. */
    String described() {
        return isTree() ? label() : label() + " (bundle " + bundleId + ")";
    }

    /**
     * What a job's origin starts with: {@code bundle <bsn> <version>}, or the tree's label without its revision, so
     * a new commit leaves the origin (part of the job's definition) of a job it did not change as it was.
     */
    String originPrefix() {
        return isTree() ? treeLabel : "bundle " + symbolicName + " " + version;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
