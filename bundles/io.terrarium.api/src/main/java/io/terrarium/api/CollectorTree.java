package io.terrarium.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A folder of collectors kept up to date by something other than a bundle: a git repository's checkout. It has the
 * layout of a collector bundle ({@code python.d/} with modules and DataKit script packages, {@code conf.d/} with
 * {@code python.d.conf}, {@code python.d/<module>.conf} and pythond {@code .conf} files, subfolders allowed). The
 * config bundle scans every registered tree and publishes its jobs as a {@link JobSource} of the tree's
 * {@link #name()}; when the tree tells its listeners that it changed, it is scanned again and only the jobs whose
 * definition or module changed restart. A tree is registered once its folder holds a checkout, and stays
 * registered (with the last checkout) while its origin cannot be reached.
 *
 * <p>Implementations are thread-safe and call listeners from any thread, never while holding their own locks.
 */
@ProviderType
public interface CollectorTree {

    /** The name of the job source it becomes, e.g. the repository's configuration name {@code ops}. */
    String name();

    /** How messages name it, e.g. {@code git repository ops}. */
    String label();

    /** The folder holding {@code conf.d/} and {@code python.d/}; the same for the tree's whole life. */
    Path folder();

    /** Where it comes from and what it holds now. */
    Status status();

    /**
     * Brings the folder up to date now (the shell's reload), telling listeners if it changed. Returns once done,
     * successfully or not ({@link Status#lastError()} says).
     */
    void update();

    /** The first 12 characters of a revision, as messages and the shell show a commit; all of a shorter one. */
    static String shortRevision(String revision) {
        return revision.substring(0, Math.min(12, revision.length()));
    }

    void addListener(Listener listener);

    void removeListener(Listener listener);

    @FunctionalInterface
    interface Listener {
        /** The folder now holds another revision; scan it again. */
        void treeChanged(CollectorTree tree);
    }

    /**
     * @param origin     where it is pulled from, with any password left out (e.g. {@code https://git.example/ops.git})
     * @param branch     the branch followed
     * @param revision   the revision checked out (a commit id), empty before the first checkout
     * @param lastUpdate when the last pull ended, successful or not; empty before the first
     * @param nextUpdate when the next pull is due; empty when none is scheduled
     * @param lastError  why the last pull failed, in one line; empty when it succeeded
     */
    record Status(String origin, String branch, String revision, Optional<Instant> lastUpdate,
            Optional<Instant> nextUpdate, Optional<String> lastError) {
    }
}
