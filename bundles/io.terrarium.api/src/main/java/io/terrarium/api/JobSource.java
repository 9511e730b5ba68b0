package io.terrarium.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A place job definitions come from: the conf.d folders, a deployed collector bundle. The scheduler
 * runs the jobs of every registered source; a source that goes away takes its jobs with it.
 *
 * <p>Implementations are thread-safe. {@link #jobs()} returns a snapshot; when it changes, the source
 * calls every registered listener (from any thread, never while holding its own locks).
 */
@ProviderType
public interface JobSource {

    /** A short name for messages and the shell, e.g. {@code conf.d} or a bundle's symbolic name. */
    String name();

    /** The current job definitions, in the order they should be started. */
    List<JobDefinition> jobs();

    /**
     * Reads the definitions again now (the shell's reload), telling listeners if they changed. Returns once the
     * new definitions are published. Sources that cannot change do nothing.
     */
    default void refresh() {
    }

    void addListener(Listener listener);

    void removeListener(Listener listener);

    @FunctionalInterface
    interface Listener {
        /** The source's job definitions changed; call {@link JobSource#jobs()} for the new set. */
        void jobsChanged(JobSource source);
    }
}
