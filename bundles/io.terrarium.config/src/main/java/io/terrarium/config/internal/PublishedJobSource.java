package io.terrarium.config.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSource;

/**
 * A {@link JobSource} whose owner publishes each scan's jobs: the conf.d folders ({@code conf.d}, rescanned when a
 * file changes), or one deployed collector bundle (named by its symbolic name; rescanned by the shell's reload or
 * when a bundle whose modules it waited for went away; an update of the bundle is a new source). Listeners hear of a
 * scan only when it changed the jobs. {@link #refresh()} asks the owner for a scan and returns once it is
 * published. Thread-safe without locks, so listeners are never called under one.
 */
final class PublishedJobSource implements JobSource {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedJobSource.class);

    private final String name;
    /** Scans again and returns once {@link #update} published the result; callable from any thread. */
    private final Runnable rescan;
    /** The current snapshot; replaced whole, never mutated. */
    private final AtomicReference<List<JobDefinition>> jobs = new AtomicReference<>(List.of());
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    PublishedJobSource(String name, Runnable rescan) {
        this.name = name;
        this.rescan = rescan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<JobDefinition> jobs() {
        return jobs.get();
    }

    @Override
    public void refresh() {
        rescan.run();
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
     * Publishes a scan's jobs; listeners are called (on the caller's thread) only if they differ from the current
     * ones.
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
                LOG.warn("{}: a job source listener failed: {}", name, e.toString(), e);
            }
        }
        return true;
    }
}
