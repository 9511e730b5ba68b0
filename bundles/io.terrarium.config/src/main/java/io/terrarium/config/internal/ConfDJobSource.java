package io.terrarium.config.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSource;

/**
 * The conf.d folders as a {@link JobSource}: holds the latest scan's jobs and tells listeners when a new
 * scan changed them; {@link #refresh()} asks its owner for a scan and returns once it is published. Thread-safe
 * without locks, so listeners are never called under one.
 */
final class ConfDJobSource implements JobSource {

    static final String NAME = "conf.d";

    private static final Logger LOG = LoggerFactory.getLogger(ConfDJobSource.class);

    /** The current snapshot; replaced whole, never mutated. */
    private final AtomicReference<List<JobDefinition>> jobs = new AtomicReference<>(List.of());
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Scans and returns once the result is published (via {@link #update}). */
    private final Runnable refresher;

    /** A source whose {@link #refresh()} does nothing. */
    ConfDJobSource() {
        this(() -> {
        });
    }

    /** @param refresher scans now and returns once the result is published; callable from any thread */
    ConfDJobSource(Runnable refresher) {
        this.refresher = refresher;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<JobDefinition> jobs() {
        return jobs.get();
    }

    @Override
    public void refresh() {
        refresher.run();
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Publishes a scan's jobs; listeners are called (on the caller's thread) only if they differ from the
     * current ones.
     *
     * @return whether they differed
     */
    boolean update(List<JobDefinition> newJobs) {
        List<JobDefinition> snapshot = List.copyOf(newJobs);
        if (snapshot.equals(jobs.getAndSet(snapshot))) {
            return false;
        }
        for (Listener listener : listeners) {
            try {
                listener.jobsChanged(this);
            } catch (RuntimeException e) {
                LOG.warn("conf.d: a job source listener failed: {}", e.toString(), e);
            }
        }
        return true;
    }
}
