package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * properties and publishes them as the {@link JobSource} named {@code conf.d}.
 *
 * <p>Why the service is registered by hand and not by SCR: a consumer that binds a {@code JobSource} must see
 * the full job list at once, so the service may exist only after the first scan; and the scan reads files
 * (possibly on a slow disk), which must not happen in activate. So activate only starts a scan on a thread
 * this component owns, and that thread registers the service when the scan is done. Deactivate stops the
 * thread and unregisters. Rescans (a file watcher, later) call {@link #requestScan()}; they update the same
 * {@link ConfDJobSource}, which tells its listeners when the jobs changed.
 */
@Component(service = {}, immediate = true)
public final class ConfDDiscovery {

    /** Service property naming the source, for filters and the shell. */
    static final String SOURCE_NAME_PROPERTY = "terrarium.source.name";

    private static final Logger LOG = LoggerFactory.getLogger(ConfDDiscovery.class);
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final ConfDJobSource source = new ConfDJobSource();
    /** Used only on the scan thread. */
    private final PythonDConfigLoader loader = new PythonDConfigLoader();
    /** Used only on the scan thread. */
    private final PythondConfigLoader pythondLoader = new PythondConfigLoader(System.getenv());
    private final AtomicReference<ServiceRegistration<JobSource>> registration = new AtomicReference<>();

    private BundleContext context;
    private PythonDSettings settings;
    /** One thread: scans never overlap, and they run in the order asked. */
    private ExecutorService scanner;
    private volatile boolean closed;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        List<Problem> problems = new ArrayList<>();
        this.settings = FrameworkPropertySettings.read(bundleContext::getProperty, problems::add);
        problems.forEach(ConfDDiscovery::log);
        LOG.info("conf.d: config folders {}, module folders {}{}", settings.configDirs(), settings.moduleDirs(),
                settings.commandLineModules().isEmpty() ? "" : ", modules " + settings.commandLineModules());
        this.scanner = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "terrarium-conf.d-scan");
            thread.setDaemon(true);
            return thread;
        });
        requestScan();
    }

    @Deactivate
    void deactivate() {
        closed = true;
        scanner.shutdownNow();
        try {
            if (!scanner.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("conf.d: the scan thread did not stop within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregister();
    }

    /** Scans again, soon, on the scan thread; listeners hear of it if the jobs changed. */
    void requestScan() {
        try {
            scanner.execute(this::scan);
        } catch (RejectedExecutionException e) {
            // deactivated meanwhile
        }
    }

    private void scan() {
        ScanResult result;
        try {
            result = loader.load(settings);
            // modules named on the plugin's command line mean python.d modules only, as python.d.plugin
            if (settings.commandLineModules().isEmpty()) {
                result = result.and(pythondLoader.load(settings));
            }
        } catch (RuntimeException e) {
            LOG.error("conf.d: scan failed: {}", e.toString(), e);
            result = new ScanResult(List.of(), List.of(), List.of());
        }
        if (closed) {
            return;
        }
        result.notes().forEach(note -> LOG.info("conf.d: {}", note));
        result.problems().forEach(ConfDDiscovery::log);
        long modules = result.jobs().stream().map(job -> job.id().module()).distinct().count();
        boolean changed = source.update(result.jobs());
        if (changed || registration.get() == null) {
            LOG.info("conf.d: {} job(s) of {} module(s)", result.jobs().size(), modules);
        }
        if (registration.get() == null) {
            register();
        }
    }

    private void register() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SOURCE_NAME_PROPERTY, ConfDJobSource.NAME);
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
