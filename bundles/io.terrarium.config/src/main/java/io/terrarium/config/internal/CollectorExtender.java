package io.terrarium.config.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.JobSource;

/**
 * The collector-bundle extender: every active bundle carrying the {@code Terrarium-Collector} header (see
 * {@link CollectorHeader}) is extracted into a folder ({@link CollectorFolders}), scanned ({@link CollectorScanner})
 * and published as a {@link JobSource} named by its symbolic name, with the service properties
 * {@code terrarium.source.name=<bsn>} and {@code terrarium.collector.bundle.id=<id>}. The scheduler runs every
 * source; when the bundle stops (or is updated, or uninstalled) its source is unregistered at once, on the
 * framework's thread, which stops exactly its jobs; then its folder is deleted.
 *
 * <p>Threading: the tracker's callbacks only record and queue; extraction, scanning and registration run in order
 * on one daemon thread ({@code terrarium-collectors}) this component owns, so a slow disk never holds up the
 * framework. A stop while the start is still queued leaves nothing registered ({@link CollectorDeployment}).
 * Deactivate unregisters every source and stops the thread; it leaves the folders, which the next activation reuses
 * (or removes, if their bundles are gone).
 *
 * <p>A {@link CollectorTree} service (a git repository's checkout) is deployed like a bundle, from its own folder,
 * which it keeps (nothing is extracted or deleted here): its source has the tree's name, it is scanned again when the
 * tree says it changed, its reload first brings the tree up to date, and its source goes when the tree goes. Trees
 * and bundles share the clash rules: conf.d's module of a name wins, then the tree or bundle deployed first.
 */
@Capability(namespace = "osgi.extender", name = CollectorExtender.EXTENDER, version = CollectorExtender.VERSION)
@Component(service = {}, immediate = true)
public final class CollectorExtender {

    /** What a collector bundle requires: {@code osgi.extender=terrarium.collector}, version 1.x. */
    static final String EXTENDER = "terrarium.collector";
    static final String VERSION = "1.0.0";
    /** Service property: the id of the bundle a source comes from. */
    static final String BUNDLE_ID_PROPERTY = "terrarium.collector.bundle.id";
    static final String LIB_DIR = "terrarium.lib.dir";

    private static final Logger LOG = LoggerFactory.getLogger(CollectorExtender.class);
    private static final long STOP_TIMEOUT_SECONDS = 10;
    /** The thread ends after this long without work, and a new one starts with the next. */
    private static final long IDLE_SECONDS = 2;
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private BundleContext context;
    private CollectorFolders folders;
    private PythonDSettings settings;
    private Map<String, String> environment;
    /** One thread: extractions, scans and registrations never overlap and run in the order the bundles came. */
    private ExecutorService collectors;
    private volatile Thread collectorsThread;
    private BundleTracker<CollectorDeployment> tracker;
    private volatile boolean closed;
    /** Every deployment the tracker holds, for deactivate. */
    private final Set<CollectorDeployment> tracked = ConcurrentHashMap.newKeySet();
    /** Extracted bundles by id, in the order they were deployed (earlier ones own clashing module names). */
    // Used only on the collectors thread.
    private final Map<Long, CollectorDeployment> deployed = new LinkedHashMap<>();
    /** Trees get ids -1, -2, ...: never a bundle's. */
    private final AtomicLong treeIds = new AtomicLong();
    private final Object treeLock = new Object();
    // Guarded by "treeLock": trees bound before activation are deployed by it.
    private final Map<CollectorTree, CollectorDeployment> trees = new LinkedHashMap<>();
    // Guarded by "treeLock".
    private boolean active;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        // problems with the properties are logged by conf.d's discovery, which reads the same ones
        this.settings = FrameworkPropertySettings.read(bundleContext::getProperty, problem -> { });
        this.environment = System.getenv();
        this.folders = new CollectorFolders(root(bundleContext));
        // one thread at a time, and only while there is work
        this.collectors = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "terrarium-collectors");
                    thread.setDaemon(true);
                    collectorsThread = thread;
                    return thread;
                });
        onCollectorsThread(this::removeStaleFolders);
        tracker = new BundleTracker<>(bundleContext, Bundle.STARTING | Bundle.ACTIVE, new Customizer());
        tracker.open();
        List<CollectorDeployment> bound;
        synchronized (treeLock) {
            active = true;
            bound = List.copyOf(trees.values());
        }
        bound.forEach(this::startTree);
    }

    @Reference(name = "trees", service = CollectorTree.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeTree")
    void addTree(CollectorTree tree) {
        CollectorDeployment deployment = new CollectorDeployment(tree,
                CollectorBundle.of(tree, -treeIds.incrementAndGet()));
        synchronized (treeLock) {
            trees.put(tree, deployment);
            if (!active) {
                return;
            }
        }
        startTree(deployment);
    }

    void removeTree(CollectorTree tree) {
        CollectorDeployment deployment;
        synchronized (treeLock) {
            deployment = trees.remove(tree);
        }
        if (deployment == null) {
            return;
        }
        if (deployment.listener != null) {
            tree.removeListener(deployment.listener);
        }
        tracked.remove(deployment);
        if (unregister(deployment) && !closed) {
            LOG.info("{}: gone; its job source is withdrawn", deployment.identity.label());
        }
        onCollectorsThread(() -> forget(deployment));
    }

    private void startTree(CollectorDeployment deployment) {
        if (closed) {
            return;
        }
        tracked.add(deployment);
        deployment.listener = changed -> onCollectorsThread(() -> publish(deployment));
        deployment.tree.addListener(deployment.listener);
        onCollectorsThread(() -> deployTree(deployment));
    }

    @Deactivate
    void deactivate() {
        closed = true;
        tracker.close(); // removedBundle for each: their sources go now
        collectors.shutdownNow();
        try {
            if (!collectors.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("collectors: the terrarium-collectors thread did not stop within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracked.forEach(deployment -> {
            if (deployment.tree != null && deployment.listener != null) {
                deployment.tree.removeListener(deployment.listener);
            }
            unregister(deployment);
        });
        tracked.clear();
    }

    /** Where bundles are extracted: {@code <terrarium.lib.dir>/collectors}, else this bundle's data area. */
    private static Path root(BundleContext context) {
        String lib = context.getProperty(LIB_DIR);
        if (lib != null && !lib.isBlank()) {
            return Path.of(lib.strip()).resolve("collectors");
        }
        File data = context.getDataFile("collectors");
        if (data != null) {
            return data.toPath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "terrarium-collectors-" + ProcessHandle.current().pid());
    }

    /**
     * Runs a task on the collectors thread after everything queued before it (tests use it to wait for the queue to
     * drain). The future fails when the extender is closed.
     */
    CompletableFuture<Void> onCollectorsThread(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            collectors.execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (RuntimeException e) {
                    LOG.error("collectors: {}", e.toString(), e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e); // deactivated meanwhile
        }
        return done;
    }

    /** The folder collector bundles are extracted into. */
    Path root() {
        return folders.root();
    }

    // ---- the tracker (framework's threads) ----

    private final class Customizer implements BundleTrackerCustomizer<CollectorDeployment> {

        @Override
        public CollectorDeployment addingBundle(Bundle bundle, BundleEvent event) {
            String header = bundle.getHeaders("").get(CollectorHeader.NAME);
            if (header == null || closed) {
                return null;
            }
            if (bundle.getState() == Bundle.STARTING && !lazy(bundle)) {
                return null; // an eager start: it is tracked once ACTIVE (or not at all, if its start fails)
            }
            CollectorDeployment deployment = new CollectorDeployment(bundle, CollectorBundle.of(bundle), header);
            tracked.add(deployment);
            onCollectorsThread(() -> deploy(deployment));
            return deployment;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, CollectorDeployment deployment) {
            // STARTING (lazy) -> ACTIVE: same content, same jobs
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, CollectorDeployment deployment) {
            tracked.remove(deployment);
            // now, on the thread stopping the bundle: the scheduler stops its jobs before the stop completes
            if (unregister(deployment) && !closed) {
                LOG.info("{}: stopped; its job source is withdrawn", deployment.identity.label());
            }
            onCollectorsThread(() -> forget(deployment));
        }
    }

    private static boolean lazy(Bundle bundle) {
        String policy = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return policy != null && policy.strip().startsWith(Constants.ACTIVATION_LAZY);
    }

    /** @return whether its source was registered */
    private static boolean unregister(CollectorDeployment deployment) {
        ServiceRegistration<JobSource> registration = deployment.retire();
        if (registration == null) {
            return false;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the config bundle
        }
        return true;
    }

    // ---- the collectors thread ----

    private void removeStaleFolders() {
        Set<String> keep = new HashSet<>();
        try {
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getHeaders("").get(CollectorHeader.NAME) != null) {
                    keep.add(CollectorBundle.of(bundle).folderName());
                }
            }
            List<Path> removed = folders.removeStale(keep);
            if (!removed.isEmpty()) {
                LOG.info("collectors: removed {} folder(s) of collector bundles no longer installed from {}",
                        removed.size(), folders.root());
            }
        } catch (IOException e) {
            LOG.warn("collectors: cannot remove old folders in {}: {}", folders.root(), e.toString());
        } catch (IllegalStateException e) {
            // the config bundle is stopping
        }
    }

    private void deploy(CollectorDeployment deployment) {
        if (closed || deployment.isRetired()) {
            return;
        }
        String label = deployment.identity.label() + " (bundle " + deployment.identity.bundleId() + ")";
        try {
            deployment.header = CollectorHeader.parse(deployment.headerValue);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}; not deployed", label, e.getMessage());
            return;
        }
        try {
            deployment.folder = folders.extract(deployment.identity, deployment.header,
                    new CollectorBundleEntries(deployment.bundle));
        } catch (IOException | RuntimeException e) {
            if (!deployment.isRetired()) {
                LOG.error("{}: cannot extract its {}/ and {}/ into {}: {}; not deployed", label,
                        deployment.header.modules(), deployment.header.config(), folders.root(), e.toString());
            }
            return;
        }
        deployed.put(deployment.identity.bundleId(), deployment);
        publish(deployment);
    }

    private void deployTree(CollectorDeployment deployment) {
        if (closed || deployment.isRetired()) {
            return;
        }
        deployment.header = CollectorHeader.DEFAULTS;
        deployment.folder = deployment.tree.folder();
        deployed.put(deployment.identity.bundleId(), deployment);
        publish(deployment);
    }

    /** Scans the deployment's folder and registers its source, or tells the registered source its new jobs. */
    private void publish(CollectorDeployment deployment) {
        if (closed || deployment.isRetired() || deployment.folder == null) {
            return;
        }
        if (deployment.tree != null) {
            // the revision it holds now, for messages
            deployment.identity = CollectorBundle.of(deployment.tree, deployment.identity.bundleId());
        }
        CollectorBundle identity = deployment.identity;
        for (CollectorDeployment other : deployed.values()) {
            if (other != deployment && other.source != null && !other.isRetired()
                    && other.identity.symbolicName().equals(identity.symbolicName())) {
                // two sources of one name would be one to the scheduler: the second waits for the first to go
                deployment.waitingFor = Set.of(other.identity.bundleId());
                report(deployment, Problem.warning(identity.label() + ": " + other.identity.described()
                        + " is deployed under the same name; this one waits until it goes"));
                return;
            }
        }
        Map<String, CollectorBundle> claimedByOthers = new HashMap<>();
        for (CollectorDeployment other : deployed.values()) {
            if (other != deployment && other.source != null && !other.isRetired()) {
                other.claims.forEach(module -> claimedByOthers.putIfAbsent(module, other.identity));
            }
        }
        if (deployment.scanner == null) {
            deployment.scanner = new CollectorScanner(settings, environment);
        }
        CollectorScan scan;
        try {
            scan = deployment.scanner.scan(identity, deployment.header, deployment.folder, claimedByOthers);
        } catch (RuntimeException e) {
            LOG.error("{}: scan failed: {}", identity.label(), e.toString(), e);
            scan = new CollectorScan(new ScanResult(List.of(), List.of(), List.of()), Set.of(), Set.of());
        }
        deployment.claims = scan.claims();
        deployment.waitingFor = scan.waitingFor();
        scan.result().notes().forEach(note -> {
            if (deployment.reported.add(note)) {
                LOG.info("{}", note);
            }
        });
        scan.result().problems().forEach(problem -> report(deployment, problem));
        ScanResult result = scan.result();
        long modules = result.jobs().stream().map(job -> job.id().module()).distinct().count();
        if (deployment.source == null) {
            deployment.source = new PublishedJobSource(identity.symbolicName(), () -> refresh(deployment));
            deployment.source.update(result.jobs());
            LOG.info("{}: {} job(s) of {} module(s), from {}", identity.label(), result.jobs().size(), modules,
                    deployment.folder);
            register(deployment);
        } else if (deployment.source.update(result.jobs())) {
            LOG.info("{}: now {} job(s) of {} module(s)", identity.label(), result.jobs().size(), modules);
        }
    }

    private void register(CollectorDeployment deployment) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ConfDDiscovery.SOURCE_NAME_PROPERTY, deployment.identity.symbolicName());
        if (deployment.tree == null) {
            properties.put(BUNDLE_ID_PROPERTY, deployment.identity.bundleId());
        }
        ServiceRegistration<JobSource> registration;
        try {
            registration = context.registerService(JobSource.class, deployment.source, properties);
        } catch (IllegalStateException e) {
            return; // the config bundle is stopping
        }
        if (closed || !deployment.attach(registration)) {
            // the bundle stopped (or we were deactivated) while we registered
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        }
    }

    /** After the bundle stopped: its folder goes, and bundles that waited for its module names get them. */
    private void forget(CollectorDeployment deployment) {
        long id = deployment.identity.bundleId();
        deployed.remove(id, deployment);
        if (!closed && deployment.folder != null && deployment.tree == null) {
            try {
                CollectorFolders.delete(deployment.folder);
            } catch (IOException e) {
                LOG.warn("{}: cannot delete {}: {}", deployment.identity.label(), deployment.folder, e.toString());
            }
        }
        for (CollectorDeployment other : List.copyOf(deployed.values())) {
            if (other.waitingFor.contains(id)) {
                publish(other);
            }
        }
    }

    /**
     * {@link JobSource#refresh()}: brings a tree up to date (which queues its scan when it changed), then scans the
     * folder again (the operator's conf.d may have changed).
     */
    private void refresh(CollectorDeployment deployment) {
        if (deployment.tree != null && Thread.currentThread() != collectorsThread) {
            try {
                deployment.tree.update();
            } catch (RuntimeException e) {
                LOG.warn("{}: update failed: {}", deployment.identity.label(), e.toString());
            }
        }
        if (Thread.currentThread() == collectorsThread) {
            publish(deployment);
            return;
        }
        try {
            onCollectorsThread(() -> publish(deployment)).get(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: reload did not finish: {}", deployment.identity.label(), e.toString());
        }
    }

    private static void report(CollectorDeployment deployment, Problem problem) {
        if (!deployment.reported.add(problem.message() + "\u0000" + problem.fingerprint())) {
            return;
        }
        if (problem.severity() == Problem.Severity.ERROR) {
            LOG.error("{}", problem.message());
        } else {
            LOG.warn("{}", problem.message());
        }
    }
}
