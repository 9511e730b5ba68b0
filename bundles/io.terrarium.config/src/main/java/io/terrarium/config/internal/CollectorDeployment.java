package io.terrarium.config.internal;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.JobSource;

/**
 * One collector bundle the extender tracks, from the moment it is active until it stops, or one {@link CollectorTree}
 * from its registration until it goes: its folder, its job source and the service registration that makes the
 * scheduler run it.
 *
 * <p>Threading: the framework's thread retires it ({@link #retire()}: the bundle stops) while the extender's
 * collectors thread may be about to register its source ({@link #attach}); both are guarded by {@code this}, so a
 * source is never left registered for a retired bundle. Every other mutable field is used only on the collectors
 * thread.
 */
final class CollectorDeployment {

    /** The bundle; {@code null} for a tree. */
    final Bundle bundle;
    /** The tree; {@code null} for a bundle. */
    final CollectorTree tree;
    /** Replaced on the collectors thread when a tree's revision changes. */
    volatile CollectorBundle identity;
    /** The raw {@code Terrarium-Collector} header, parsed on the collectors thread; {@code null} for a tree. */
    final String headerValue;
    /** Told by a tree that it changed; {@code null} for a bundle. */
    CollectorTree.Listener listener;

    // Guarded by "this".
    private boolean retired;
    // Guarded by "this".
    private ServiceRegistration<JobSource> registration;

    // Used only on the collectors thread.
    CollectorHeader header;
    Path folder;
    /** Its own: the loaders in it remember the previous scan of this bundle. */
    CollectorScanner scanner;
    PublishedJobSource source;
    Set<String> claims = Set.of();
    Set<Long> waitingFor = Set.of();
    /**
     * Problems and notes already logged for this deployment (message and content fingerprint): each is one log line,
     * not one per rescan.
     */
    final Set<String> reported = new HashSet<>();

    CollectorDeployment(Bundle bundle, CollectorBundle identity, String headerValue) {
        this.bundle = bundle;
        this.tree = null;
        this.identity = identity;
        this.headerValue = headerValue;
    }

    CollectorDeployment(CollectorTree tree, CollectorBundle identity) {
        this.bundle = null;
        this.tree = tree;
        this.identity = identity;
        this.headerValue = null;
    }

    synchronized boolean isRetired() {
        return retired;
    }

    /**
     * Records the source's registration.
     *
     * @return false when the bundle was retired meanwhile: the caller must unregister it
     */
    synchronized boolean attach(ServiceRegistration<JobSource> newRegistration) {
        if (retired) {
            return false;
        }
        registration = newRegistration;
        return true;
    }

    /**
     * Marks the bundle gone; no registration is attached from now on.
     *
     * @return the registration to unregister (outside the lock: listeners stop jobs), or {@code null}
     */
    synchronized ServiceRegistration<JobSource> retire() {
        retired = true;
        ServiceRegistration<JobSource> current = registration;
        registration = null;
        return current;
    }
}
