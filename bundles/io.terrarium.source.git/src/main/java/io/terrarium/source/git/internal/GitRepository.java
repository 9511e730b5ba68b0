package io.terrarium.source.git.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.Sink;

/**
 * One git repository of collectors: a factory configuration of {@value GitSettings#FACTORY_PID} (e.g.
 * {@code deploy/io.terrarium.config.git-ops.cfg}, or the shell's {@code config:} commands), checked out into
 * {@code <terrarium.lib.dir>/gitrepos/<name>/} and registered as a {@link CollectorTree} once that folder holds a
 * checkout, which the config bundle runs as the job source {@code <name>}.
 *
 * <p>Pulls run on the shared {@link PullThread}: one at start (after registering a checkout an earlier run left, so
 * its jobs run while the remote is asked), then every {@code pullInterval}. A pull that brings a new commit tells
 * the listeners (the config bundle scans again and restarts only what changed). A pull that fails keeps the
 * checkout, logs one line (again only when the reason changes) and is retried with back-off: the interval doubled
 * per failure in a row, up to 16 times it, and at most 15 minutes beyond the interval. A changed configuration is
 * applied at once with a pull; a changed name is a new source. Deleting the configuration withdraws the source and
 * deletes the checkout; stopping the container keeps it for the next start.
 */
@Component(service = {}, configurationPid = GitSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GitRepositoryConfig.class, factory = true)
public final class GitRepository implements CollectorTree {

    static final String SOURCE_NAME_PROPERTY = "terrarium.source.name";
    private static final Logger LOG = LoggerFactory.getLogger(GitRepository.class);
    private static final int MAX_DOUBLINGS = 4;
    private static final Duration MAX_EXTRA_BACKOFF = Duration.ofMinutes(15);

    private final BundleContext context;
    private final Path root;
    private final Path base;
    private final Clock clock;
    private final ScheduledExecutorService pulls;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    // All guarded by "lock"
    private GitSettings settings; // null while the configuration is invalid
    private Checkout checkout;
    private String revision = "";
    private Instant lastUpdate;
    private Instant nextUpdate;
    private String lastError;
    private int failures;
    private ScheduledFuture<?> next;
    private ServiceRegistration<CollectorTree> registration;
    private boolean stopped;
    private String name;

    @Activate
    public GitRepository(BundleContext context, GitRepositoryConfig config, Map<String, Object> properties) {
        this(context, root(context), home(context), Clock.systemUTC(), config, properties);
    }

    GitRepository(BundleContext context, Path root, Path base, Clock clock, GitRepositoryConfig config,
            Map<String, ?> properties) {
        this.context = context;
        this.root = root;
        this.base = base;
        this.clock = clock;
        this.pulls = PullThread.acquire();
        start(config, properties);
    }

    @Modified
    void modified(GitRepositoryConfig config, Map<String, Object> properties) {
        GitSettings next = parse(config, properties);
        boolean sameTree;
        synchronized (lock) {
            sameTree = next != null && settings != null && next.name().equals(settings.name()) && next.enabled()
                    && settings.enabled() && registration != null;
            if (sameTree) {
                settings = next;
                failures = 0;
                lastError = null;
            }
        }
        if (sameTree) {
            LOG.info("{}: configuration changed; pulling {} (branch {}) now", label(), next.origin(), next.branch());
            schedule(Duration.ZERO);
            return;
        }
        stopTree();
        start(config, properties);
    }

    @Deactivate
    void deactivate(int reason) {
        Checkout last;
        synchronized (lock) {
            stopped = true;
            // only a folder under a checked name is ours to delete
            last = settings == null ? null : checkout;
        }
        stopTree();
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED && last != null) {
            // after any pull under way, on its thread
            Future<?> deleted = submit(() -> {
                try {
                    Checkout.deleteTree(last.folder());
                    LOG.info("{}: configuration deleted; removed its checkout {}", label(), last.folder());
                } catch (IOException e) {
                    LOG.warn("{}: cannot remove its checkout {}: {}", label(), last.folder(), e.toString());
                }
            });
            await(deleted, Duration.ofSeconds(60));
        }
        PullThread.release();
    }

    // ---- CollectorTree ----

    @Override
    public String name() {
        synchronized (lock) {
            return name;
        }
    }

    @Override
    public String label() {
        return "git repository " + name();
    }

    @Override
    public Path folder() {
        synchronized (lock) {
            return checkout.folder();
        }
    }

    @Override
    public Status status() {
        synchronized (lock) {
            return new Status(settings == null ? "" : settings.origin(), settings == null ? "" : settings.branch(),
                    revision, Optional.ofNullable(lastUpdate), Optional.ofNullable(nextUpdate),
                    Optional.ofNullable(lastError));
        }
    }

    @Override
    public void update() {
        Duration wait;
        synchronized (lock) {
            if (stopped || settings == null || !settings.enabled()) {
                return;
            }
            wait = settings.timeout().multipliedBy(4).plusSeconds(30);
        }
        await(submit(this::pull), wait);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- pulls ----

    private void start(GitRepositoryConfig config, Map<String, ?> properties) {
        GitSettings initial = parse(config, properties);
        String sourceName = initial != null ? initial.name() : Sink.nameOf(properties);
        // a name that failed its check is never made a path
        Checkout tree = new Checkout(initial != null ? root.resolve(sourceName) : root.resolve(".invalid"));
        Optional<String> existing = initial != null ? tree.revision() : Optional.empty();
        synchronized (lock) {
            name = sourceName;
            settings = initial;
            checkout = tree;
            revision = existing.orElse("");
            failures = 0;
            lastError = null;
            lastUpdate = null;
            nextUpdate = null;
        }
        if (initial == null) {
            return;
        }
        if (!initial.enabled()) {
            LOG.info("{}: enable = false: not pulled and not run{}", label(),
                    existing.isPresent() ? " (its checkout " + tree.folder() + " is kept)" : "");
            return;
        }
        if (initial.passwordInUrl()) {
            LOG.warn("{}: the url holds a password; put it in a file and name it in passwordFile (with username)",
                    label());
        }
        if (existing.isPresent()) {
            LOG.info("{}: runs the checkout at {} in {} until the first pull from {} (branch {})", label(),
                    CollectorTree.shortRevision(existing.get()), tree.folder(), initial.origin(), initial.branch());
            register();
        } else {
            LOG.info("{}: cloning {} (branch {}) into {}", label(), initial.origin(), initial.branch(),
                    tree.folder());
        }
        schedule(Duration.ZERO);
    }

    private GitSettings parse(GitRepositoryConfig config, Map<String, ?> properties) {
        String sourceName = Sink.nameOf(properties);
        try {
            return GitSettings.of(sourceName, config, base);
        } catch (IllegalArgumentException e) {
            LOG.error("git repository {} ({}): {}; not pulled", sourceName, properties.get("service.pid"),
                    e.getMessage());
            return null;
        }
    }

    private void schedule(Duration delay) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            nextUpdate = clock.instant().plus(delay);
            try {
                next = pulls.schedule(this::pull, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                next = null; // stopping
            }
        }
    }

    /** One pull, on the pull thread; schedules the next. */
    private void pull() {
        GitSettings current;
        Checkout tree;
        synchronized (lock) {
            if (stopped || settings == null || !settings.enabled()) {
                return;
            }
            current = settings;
            tree = checkout;
        }
        String pulled = null;
        String error = null;
        try {
            pulled = tree.pull(current);
        } catch (Checkout.PullException e) {
            error = e.getMessage();
            LOG.debug("{}: pull failed", label(), e);
        } catch (RuntimeException | LinkageError e) {
            // a bug or a broken installation: said, with its trace, and retried like any failure
            error = e.toString();
            LOG.error("{}: pull failed unexpectedly: {}", label(), e.toString(), e);
        }
        boolean changed = false;
        boolean first = false;
        Duration delay;
        synchronized (lock) {
            if (stopped || settings != current) {
                return; // stopped or reconfigured meanwhile: the new settings pull on their own
            }
            lastUpdate = clock.instant();
            if (error == null) {
                if (lastError != null) {
                    LOG.info("{}: pulled from {} again after {} failed pull(s)", label(), current.origin(),
                            failures);
                }
                failures = 0;
                lastError = null;
                changed = !pulled.equals(revision);
                first = revision.isEmpty();
                revision = pulled;
                delay = current.pullInterval();
            } else {
                failures++;
                delay = backoff(current.pullInterval(), failures);
                if (!error.equals(lastError)) {
                    LOG.warn("{}: cannot pull {} (branch {}): {}; {}; trying again in {}", label(), current.origin(),
                            current.branch(), error, revision.isEmpty() ? "nothing of it runs until a pull succeeds"
                                    : "commit " + CollectorTree.shortRevision(revision) + " keeps running", text(delay));
                }
                lastError = error;
            }
        }
        if (changed) {
            LOG.info("{}: {} commit {} of {} (branch {})", label(), first ? "checked out" : "now at",
                    CollectorTree.shortRevision(pulled), current.origin(), current.branch());
            if (!register()) {
                listeners.forEach(this::tell);
            }
        }
        schedule(delay);
    }

    /** The interval doubled per failure in a row (up to 16 times it), and at most 15 minutes beyond it. */
    static Duration backoff(Duration interval, int failures) {
        Duration doubled = interval.multipliedBy(1L << Math.min(failures, MAX_DOUBLINGS));
        Duration cap = interval.plus(MAX_EXTRA_BACKOFF);
        return doubled.compareTo(cap) > 0 ? cap : doubled;
    }

    private void tell(Listener listener) {
        try {
            listener.treeChanged(this);
        } catch (RuntimeException e) {
            LOG.warn("{}: a listener failed: {}", label(), e.toString(), e);
        }
    }

    /** Registers the tree if it is not. @return whether it was registered now */
    private boolean register() {
        String sourceName;
        synchronized (lock) {
            if (stopped || registration != null) {
                return false;
            }
            sourceName = name;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SOURCE_NAME_PROPERTY, sourceName);
        ServiceRegistration<CollectorTree> registered;
        try {
            registered = context.registerService(CollectorTree.class, this, properties);
        } catch (IllegalStateException e) {
            return false; // the bundle is stopping
        }
        boolean keep;
        synchronized (lock) {
            keep = !stopped && registration == null;
            if (keep) {
                registration = registered;
            }
        }
        if (!keep) {
            unregister(registered);
        }
        return keep;
    }

    /** Withdraws the tree (its jobs stop) and cancels the next pull. */
    private void stopTree() {
        ServiceRegistration<CollectorTree> current;
        synchronized (lock) {
            current = registration;
            registration = null;
            if (next != null) {
                next.cancel(false);
                next = null;
            }
            nextUpdate = null;
        }
        if (current != null) {
            unregister(current);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    private Future<?> submit(Runnable task) {
        try {
            return pulls.submit(task);
        } catch (RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private void await(Future<?> future, Duration wait) {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: did not finish within {}: {}", label(), text(wait), e.toString());
        }
    }

    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds >= 60 ? seconds / 60 + " min" : seconds + " s";
    }

    private static Path root(BundleContext context) {
        String lib = context.getProperty("terrarium.lib.dir");
        if (lib != null && !lib.isBlank()) {
            return Path.of(lib.strip(), "gitrepos");
        }
        String home = context.getProperty("terrarium.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home.strip(), "data", "gitrepos");
        }
        File data = context.getDataFile("gitrepos");
        return data != null ? data.toPath()
                : Path.of(System.getProperty("java.io.tmpdir"), "terrarium-gitrepos-" + ProcessHandle.current().pid());
    }

    private static Path home(BundleContext context) {
        String home = context.getProperty("terrarium.home");
        return home != null && !home.isBlank() ? Path.of(home.strip()) : Path.of("").toAbsolutePath();
    }
}
