package io.terrarium.config.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.JobSource;

/**
 * Discovers python.d jobs and DataKit pythond jobs in the conf.d and module folders named by the framework
 * properties, publishes them as the {@link JobSource} named {@code conf.d}, and keeps them live: a change in those
 * folders is scanned again within about a second and a half.
 *
 * <p>Why the service is registered by hand and not by SCR: a consumer that binds a {@code JobSource} must see
 * the full job list at once, so the service may exist only after the first scan; and the scan reads files
 * (possibly on a slow disk), which must not happen in activate. So activate only starts a scan on a thread
 * this component owns, and that thread registers the service when the scan is done. Deactivate stops the
 * threads and unregisters. Rescans (the {@link FolderWatcher}, the shell's reload through
 * {@link JobSource#refresh()}) update the same {@link PublishedJobSource}, which tells its listeners when the jobs
 * changed. The loaders keep the last good jobs of a file that stops parsing, so an edit in progress never stops
 * jobs; {@link ScanLog} logs each problem once while it lasts.
 */
@Component(service = {}, immediate = true)
public final class ConfDDiscovery {

    /** Service property naming the source, for filters and the shell. */
    static final String SOURCE_NAME_PROPERTY = "terrarium.source.name";
    /** This source's name. */
    static final String SOURCE_NAME = "conf.d";
    static final String SCAN_THREAD = "terrarium-conf.d-scan";

    private static final Logger LOG = LoggerFactory.getLogger(ConfDDiscovery.class);
    private static final long STOP_TIMEOUT_SECONDS = 10;
    /** The thread ends after this long without work, and a new one starts with the next. */
    private static final long IDLE_SECONDS = 2;
    /** A burst of saves is scanned once: after this much quiet, and at most {@link #MAX_DELAY} after it began. */
    private static final Duration QUIET = Duration.ofMillis(250);
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);
    /** Levels below a config folder the loaders read: python.d/ (1), and pythond .conf files down to 4 (3). */
    private static final int CONFIG_DEPTH = 3;
    /** Levels below a module folder the loaders read: *.chart.py (0), a pythond dir (1) and its packages (2). */
    private static final int MODULE_DEPTH = 2;
    /** Levels below a pythond dir outside the module folders: its scripts (0) and its packages (1). */
    private static final int SCRIPT_DIR_DEPTH = 1;

    private final PublishedJobSource source = new PublishedJobSource(SOURCE_NAME, this::refresh);
    /** Used only on the scan thread; remembers the previous scan's jobs. */
    private final PythonDConfigLoader loader = new PythonDConfigLoader();
    /** Used only on the scan thread; remembers the previous scan's jobs. */
    private final DataKitConfigLoader pythondLoader = new DataKitConfigLoader(System.getenv());
    /** Used only on the scan thread. */
    private final ScanLog scanLog = new ScanLog(LOG);
    private final AtomicReference<ServiceRegistration<JobSource>> registration = new AtomicReference<>();
    /** Set while a requested scan waits in the queue: it will read every change made until it starts. */
    private final AtomicBoolean scanQueued = new AtomicBoolean();

    private BundleContext context;
    private PythonDSettings settings;
    /** One thread: scans never overlap, and they run in the order asked. */
    private ExecutorService scanner;
    /** The scanner's thread, so that a refresh from a listener (called on it) scans in place instead of waiting. */
    private volatile Thread scanThread;
    /** {@code null} when the platform cannot watch (then only refresh rescans). */
    private FolderWatcher watcher;
    /** Folders the last scan read beyond the settings' (pythond dirs); used only on the scan thread. */
    private List<Path> scannedFolders = List.of();
    private volatile boolean closed;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        List<Problem> problems = new ArrayList<>();
        this.settings = FrameworkPropertySettings.read(bundleContext::getProperty, problems::add);
        problems.forEach(ConfDDiscovery::log);
        LOG.info("conf.d: config folders {}, module folders {}{}", settings.configDirs(), settings.moduleDirs(),
                settings.commandLineModules().isEmpty() ? "" : ", modules " + settings.commandLineModules());
        // one thread at a time, and only while there is work
        this.scanner = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, SCAN_THREAD);
                    thread.setDaemon(true);
                    scanThread = thread;
                    return thread;
                });
        try {
            watcher = new FolderWatcher(this::requestScan, QUIET, MAX_DELAY);
            watcher.start();
        } catch (IOException e) {
            LOG.warn("conf.d: cannot watch the folders ({}): changes are read only on terrarium:reload", e.toString());
        }
        requestScan();
    }

    @Deactivate
    void deactivate() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        // a refresh() waiting on a scan that will now never run must not wait forever
        for (Runnable queued : scanner.shutdownNow()) {
            if (queued instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        try {
            if (!scanner.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("conf.d: the scan thread did not stop within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregister();
    }

    /**
     * Scans again, soon, on the scan thread; listeners hear of it if the jobs changed. Returns at once; requests made
     * while a scan is still queued are covered by it.
     */
    void requestScan() {
        if (!scanQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scanner.execute(() -> {
                scanQueued.set(false);
                scan();
            });
        } catch (RejectedExecutionException e) {
            scanQueued.set(false); // deactivated meanwhile
        }
    }

    /**
     * Scans now and returns once the result is published ({@link JobSource#refresh()}). From any thread: on the scan
     * thread itself (a listener reloading) it scans in place; elsewhere it queues a scan of its own (one already
     * queued may have started reading before the caller's last change) and waits for it.
     */
    void refresh() {
        if (Thread.currentThread() == scanThread) {
            scan();
            return;
        }
        Future<?> done;
        try {
            done = scanner.submit(this::scan);
        } catch (RejectedExecutionException e) {
            return; // deactivated
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (CancellationException e) {
            // deactivated before it ran
        } catch (ExecutionException e) {
            LOG.error("conf.d: reload failed: {}", e.getCause().toString(), e.getCause());
        }
    }

    private void scan() {
        if (closed) {
            return;
        }
        // watch first: a change made while the files are read then triggers another scan instead of being lost
        watch();
        ScanResult result;
        try {
            result = loader.load(settings);
            // modules named on the plugin's command line mean python.d modules only, as python.d.plugin
            if (settings.commandLineModules().isEmpty()) {
                result = result.and(pythondLoader.load(settings));
            }
        } catch (RuntimeException e) {
            LOG.error("conf.d: scan failed, the jobs stay as they were: {}", e.toString(), e);
            result = null;
        }
        if (closed) {
            return;
        }
        if (result != null) {
            publish(result);
        }
        if (registration.get() == null) {
            register();
        }
    }

    private void publish(ScanResult result) {
        if (!result.folders().equals(scannedFolders)) {
            scannedFolders = result.folders();
            watch();
        }
        scanLog.log(result);
        boolean changed = source.update(result.jobs());
        if (changed || registration.get() == null) {
            long modules = result.jobs().stream().map(job -> job.id().module()).distinct().count();
            LOG.info("conf.d: {} job(s) of {} module(s)", result.jobs().size(), modules);
        }
    }

    private void watch() {
        if (watcher == null) {
            return;
        }
        List<FolderWatcher.Root> roots = new ArrayList<>();
        settings.configDirs().forEach(dir -> roots.add(new FolderWatcher.Root(dir, CONFIG_DEPTH)));
        settings.moduleDirs().forEach(dir -> roots.add(new FolderWatcher.Root(dir, MODULE_DEPTH)));
        scannedFolders.forEach(dir -> roots.add(new FolderWatcher.Root(dir, SCRIPT_DIR_DEPTH)));
        watcher.watch(roots);
    }

    private void register() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SOURCE_NAME_PROPERTY, SOURCE_NAME);
        try {
            registration.set(context.registerService(JobSource.class, source, properties));
        } catch (IllegalStateException e) {
            return; // the bundle is stopping
        }
        if (closed) {
            // deactivate ran while we registered and may have missed this registration
            unregister();
        }
    }

    private void unregister() {
        ServiceRegistration<JobSource> current = registration.getAndSet(null);
        if (current != null) {
            try {
                current.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    private static void log(Problem problem) {
        if (problem.severity() == Problem.Severity.ERROR) {
            LOG.error("conf.d: {}", problem.message());
        } else {
            LOG.warn("conf.d: {}", problem.message());
        }
    }
}
