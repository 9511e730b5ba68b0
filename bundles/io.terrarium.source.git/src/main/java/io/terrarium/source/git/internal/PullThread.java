package io.terrarium.source.git.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * The one thread every repository's pulls run on ({@code terrarium-git}), there while at least one repository is
 * configured: pulls never overlap, and the thread count does not grow with repositories. While it exists JGit reads
 * no system-wide git configuration: finding {@code /etc/gitconfig} would make JGit run the {@code git} executable,
 * which Terrarium does not need; the user's {@code ~/.gitconfig} (proxies, {@code insteadOf}) still counts.
 */
final class PullThread {

    private static final Object LOCK = new Object();
    // All guarded by LOCK
    private static ScheduledThreadPoolExecutor executor;
    private static int users;
    private static SystemReader previousReader;

    private PullThread() {
    }

    /** The shared executor; every call is matched by one {@link #release()}. */
    static ScheduledExecutorService acquire() {
        synchronized (LOCK) {
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, task -> {
                    Thread thread = new Thread(task, "terrarium-git");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                previousReader = SystemReader.getInstance();
                SystemReader.setInstance(new NoSystemConfig(previousReader));
            }
            users++;
            return executor;
        }
    }

    static void release() {
        synchronized (LOCK) {
            if (--users > 0 || executor == null) {
                return;
            }
            executor.shutdownNow();
            executor = null;
            SystemReader.setInstance(previousReader); // ours would keep this bundle's class loader alive
            previousReader = null;
        }
    }

    private static final class NoSystemConfig extends SystemReader.Delegate {
        NoSystemConfig(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // no system configuration
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
    }
}
