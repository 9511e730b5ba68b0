package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSource;

/**
 * The extender in a real (embedded) Felix framework, driven by installing, starting, updating and stopping collector
 * bundles built in the test. The framework offers the extender capability itself, so the bundles' requirement
 * resolves; the extender is activated by hand (no SCR).
 */
class CollectorExtenderTest {

    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path root;

    private Felix framework;
    private BundleContext context;
    private CollectorExtender extender;
    private ServiceTracker<JobSource, JobSource> sources;
    private Path lib;

    @BeforeEach
    void startFramework() throws Exception {
        lib = root.resolve("lib");
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, root.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA,
                "osgi.extender;osgi.extender=terrarium.collector;version:Version=1.0.0");
        config.put(CollectorExtender.LIB_DIR, lib.toString());
        config.put(FrameworkPropertySettings.CONF_DIRS, root.resolve("etc").toString());
        config.put(FrameworkPropertySettings.PYTHON_DIRS, root.resolve("plugins").toString());
        framework = new Felix(config);
        framework.start();
        context = framework.getBundleContext();
        sources = new ServiceTracker<>(context, JobSource.class, null);
        sources.open();
        extender = new CollectorExtender();
    }

    @AfterEach
    void stopFramework() throws Exception {
        try {
            extender.deactivate();
        } catch (RuntimeException e) {
            // never activated
        }
        sources.close();
        framework.stop();
        framework.waitForStop(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    private Bundle install(String symbolicName, Map<String, String> entries) throws Exception {
        return install(symbolicName, CollectorJars.bundleHeaders(symbolicName, "1.0.0", ""), entries);
    }

    private Bundle install(String location, Map<String, String> headers, Map<String, String> entries)
            throws Exception {
        return context.installBundle("test:" + location,
                new ByteArrayInputStream(CollectorJars.jar(headers, entries)));
    }

    private ServiceReference<JobSource> sourceOf(Bundle bundle) {
        ServiceReference<JobSource>[] references = sources.getServiceReferences();
        for (ServiceReference<JobSource> reference : references == null ? List.<ServiceReference<JobSource>>of()
                : List.of(references)) {
            if (Long.valueOf(bundle.getBundleId()).equals(reference.getProperty(CollectorExtender.BUNDLE_ID_PROPERTY))) {
                return reference;
            }
        }
        return null;
    }

    private JobSource awaitSource(Bundle bundle) throws InterruptedException {
        awaitCondition(() -> sourceOf(bundle) != null, "a job source for " + bundle.getSymbolicName());
        return sources.getService(sourceOf(bundle));
    }

    private static List<String> ids(JobSource source) {
        return source.jobs().stream().map(job -> job.id().toString()).toList();
    }

    /** Waits until everything queued on the collectors thread so far has run. */
    private void drain() throws Exception {
        extender.onCollectorsThread(() -> { }).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<Path> folders() throws IOException {
        Path collectors = lib.resolve("collectors");
        if (!Files.isDirectory(collectors)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(collectors)) {
            return children.sorted().toList();
        }
    }

    /** A tree as the git bundle registers one: a folder, a revision, listeners told of a new one. */
    private static final class Tree implements CollectorTree {
        final Path folder;
        volatile String revision = "";
        volatile int updates;
        final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

        Tree(Path folder) {
            this.folder = folder;
        }

        void write(String path, String text) throws IOException {
            Files.createDirectories(folder.resolve(path).getParent());
            Files.writeString(folder.resolve(path), text);
        }

        void commit(String newRevision) {
            revision = newRevision;
            listeners.forEach(listener -> listener.treeChanged(this));
        }

        @Override
        public String name() {
            return "ops";
        }

        @Override
        public String label() {
            return "git repository ops";
        }

        @Override
        public Path folder() {
            return folder;
        }

        @Override
        public Status status() {
            return new Status("git://127.0.0.1/ops.git", "main", revision, java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty());
        }

        @Override
        public void update() {
            updates++;
        }

        @Override
        public void addListener(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Listener listener) {
            listeners.remove(listener);
        }
    }

    private JobSource awaitSourceNamed(String name) throws InterruptedException {
        awaitCondition(() -> sources.getServices() != null && Stream.of(sources.getServices())
                .anyMatch(s -> ((JobSource) s).name().equals(name)), "a job source " + name);
        return Stream.of(sources.getServices()).map(JobSource.class::cast).filter(s -> s.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void aTreeIsASourceWhoseCommitsRestartOnlyWhatChangedAndWhoseBrokenFilesKeepTheirJobs() throws Exception {
        Tree tree = new Tree(root.resolve("gitrepos/ops"));
        tree.write("python.d/a.chart.py", "# a 1\n");
        tree.write("conf.d/python.d/a.conf", "x: {}\n");
        tree.write("python.d/b.chart.py", "# b 1\n");
        tree.write("conf.d/python.d/b.conf", "y: {}\n");
        tree.revision = "1111111111111111";
        extender.addTree(tree); // bound before activation, as DS may
        extender.activate(context);
        JobSource source = awaitSourceNamed("ops");
        assertEquals(List.of("a/x", "b/y"), ids(source));
        assertEquals("git repository ops: conf.d/python.d/a.conf", source.jobs().get(0).origin());
        assertEquals(tree.folder.resolve("python.d/a.chart.py"), source.jobs().get(0).modulePath());
        assertNull(sources.getServiceReferences()[0].getProperty(CollectorExtender.BUNDLE_ID_PROPERTY));

        List<JobDefinition> first = source.jobs();
        tree.write("python.d/a.chart.py", "# a 2\n");
        tree.commit("2222222222222222");
        drain();
        assertNotEquals(first.get(0), source.jobs().get(0), "a's module changed");
        assertEquals(first.get(1), source.jobs().get(1), "b is as it was: its job does not restart");

        List<JobDefinition> second = source.jobs();
        tree.write("conf.d/python.d/b.conf", "y: [\n");
        tree.commit("3333333333333333");
        drain();
        assertEquals(second, source.jobs(), "a file that does not parse keeps its jobs");

        source.refresh();
        assertEquals(1, tree.updates, "the shell's reload brings the tree up to date first");

        extender.removeTree(tree);
        awaitCondition(() -> sources.getServiceReferences() == null, "the source withdrawn");
        drain();
        assertTrue(Files.isRegularFile(tree.folder.resolve("python.d/a.chart.py")), "the tree's folder is its own");
        assertTrue(tree.listeners.isEmpty());
    }

    @Test
    void startedCollectorBundleIsPublishedAsAJobSourceNamedByItsSymbolicName() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));

        long started = System.nanoTime();
        bundle.start();
        JobSource source = awaitSource(bundle);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals("io.example.alpha", source.name());
        assertEquals("io.example.alpha", sourceOf(bundle).getProperty(ConfDDiscovery.SOURCE_NAME_PROPERTY));
        assertEquals(List.of("alpha/bundled"), ids(source));
        JobDefinition job = source.jobs().get(0);
        Path folder = lib.resolve("collectors").resolve("io.example.alpha-1.0.0-" + bundle.getBundleId() + "-"
                + bundle.getLastModified());
        assertEquals(folder.resolve("python.d/alpha.chart.py"), job.modulePath());
        assertTrue(Files.isRegularFile(job.modulePath()));
        assertEquals("bundle io.example.alpha 1.0.0: conf.d/python.d/alpha.conf", job.origin());
        System.out.println("collector bundle published " + millis + " ms after start()");
    }

    @Test
    void jarWithoutFolderEntriesAndAModulesFolderAloneInTheHeaderIsDeployed() throws Exception {
        extender.activate(context);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("collector/alpha.chart.py", CollectorJars.MODULE_SOURCE);
        entries.put("conf.d/python.d/alpha.conf", "plain:\n  update_every: 1\n");
        Bundle bundle = install("io.example.plain",
                CollectorJars.bundleHeaders("io.example.plain", "1.0.0", "collector"), entries);

        bundle.start();

        JobSource source = awaitSource(bundle);
        assertEquals(List.of("alpha/plain"), ids(source));
        assertEquals("bundle io.example.plain 1.0.0: conf.d/python.d/alpha.conf", source.jobs().get(0).origin());
        assertTrue(source.jobs().get(0).modulePath().endsWith("python.d/alpha.chart.py"));
    }

    @Test
    void bundleThatIsNotACollectorIsIgnored() throws Exception {
        extender.activate(context);
        Map<String, String> headers = new LinkedHashMap<>(CollectorJars.bundleHeaders("io.example.plain", "1.0.0", ""));
        headers.remove(CollectorHeader.NAME);
        Bundle bundle = install("io.example.plain", headers, CollectorJars.modules("alpha"));

        bundle.start();
        drain();

        assertNull(sourceOf(bundle));
        assertEquals(List.of(), folders());
    }

    @Test
    void stoppingTheBundleWithdrawsItsSourceBeforeStopReturnsAndDeletesItsFolder() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();
        Path folder = awaitSource(bundle).jobs().get(0).modulePath().getParent().getParent();

        bundle.stop();

        assertNull(sourceOf(bundle), "the source is withdrawn on the thread that stops the bundle");
        awaitCondition(() -> !Files.exists(folder), "the folder to be deleted");
    }

    @Test
    void updatingTheBundleRepublishesItsNewContentFromAFreshFolder() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();
        Path before = awaitSource(bundle).jobs().get(0).modulePath();

        bundle.update(new ByteArrayInputStream(CollectorJars.jar(
                CollectorJars.bundleHeaders("io.example.alpha", "1.1.0", ""), CollectorJars.modules("beta"))));

        awaitCondition(() -> {
            ServiceReference<JobSource> reference = sourceOf(bundle);
            return reference != null && ids(sources.getService(reference)).equals(List.of("beta/bundled"));
        }, "the updated bundle's jobs");
        Path after = sources.getService(sourceOf(bundle)).jobs().get(0).modulePath();
        assertNotEquals(before.getParent(), after.getParent());
        assertTrue(after.toString().contains("io.example.alpha-1.1.0-"), after.toString());
        awaitCondition(() -> !Files.exists(before), "the old folder to be deleted");
        assertEquals(1, sources.getServiceReferences().length);
    }

    @Test
    void uninstallingTheBundleWithdrawsItsSourceAndLeavesNoFolder() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();
        awaitSource(bundle);

        bundle.uninstall();

        assertNull(sources.getServiceReferences());
        drain();
        assertEquals(List.of(), folders());
    }

    @Test
    void stopWhileTheStartIsStillQueuedLeavesNoSourceAndNoFolder() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        CountDownLatch release = new CountDownLatch(1);
        extender.onCollectorsThread(() -> {
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        bundle.start();
        bundle.stop();
        release.countDown();
        drain();

        assertNull(sources.getServiceReferences());
        assertEquals(List.of(), folders());
    }

    @Test
    void lazyBundleIsPublishedWhileItWaitsForItsActivation() throws Exception {
        extender.activate(context);
        Map<String, String> headers = new LinkedHashMap<>(CollectorJars.bundleHeaders("io.example.lazy", "1.0.0", ""));
        headers.put(Constants.BUNDLE_ACTIVATIONPOLICY, Constants.ACTIVATION_LAZY);
        Bundle bundle = install("io.example.lazy", headers, CollectorJars.modules("alpha"));

        bundle.start(Bundle.START_ACTIVATION_POLICY);

        assertEquals(Bundle.STARTING, bundle.getState());
        assertEquals(List.of("alpha/bundled"), ids(awaitSource(bundle)));
    }

    @Test
    void bundlesAlreadyActiveAreDeployedWhenTheExtenderStarts() throws Exception {
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();

        extender.activate(context);

        assertEquals(List.of("alpha/bundled"), ids(awaitSource(bundle)));
    }

    @Test
    void brokenBundleIsNotPublishedAndTheOthersAre() throws Exception {
        extender.activate(context);
        Bundle broken = install("io.example.broken",
                CollectorJars.bundleHeaders("io.example.broken", "1.0.0", "module=python.d"),
                CollectorJars.modules("beta"));
        Bundle good = install("io.example.alpha", CollectorJars.modules("alpha"));

        broken.start();
        good.start();

        assertEquals(List.of("alpha/bundled"), ids(awaitSource(good)));
        drain();
        assertNull(sourceOf(broken));
    }

    @Test
    void moduleOfTwoBundlesRunsFromTheFirstAndMovesToTheSecondWhenTheFirstGoes() throws Exception {
        extender.activate(context);
        Bundle first = install("io.example.first", CollectorJars.modules("alpha"));
        Bundle second = install("io.example.second", CollectorJars.modules("alpha", "beta"));
        first.start();
        awaitSource(first);
        second.start();
        JobSource secondSource = awaitSource(second);
        assertEquals(List.of("beta/bundled"), ids(secondSource));
        CountDownLatch changed = new CountDownLatch(1);
        secondSource.addListener(source -> changed.countDown());

        first.stop();

        assertTrue(changed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the second bundle's listeners were not told");
        assertEquals(List.of("alpha/bundled", "beta/bundled"), ids(secondSource));
    }

    @Test
    void deactivateWithdrawsEverySourceAndTheNextActivationReusesTheFolders() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();
        Path module = awaitSource(bundle).jobs().get(0).modulePath();
        Path marker = module.resolveSibling("marker");
        Files.writeString(marker, "not extracted again");

        extender.deactivate();

        assertNull(sources.getServiceReferences());
        assertTrue(Files.exists(marker));

        extender = new CollectorExtender();
        extender.activate(context);

        assertEquals(module, awaitSource(bundle).jobs().get(0).modulePath());
        assertTrue(Files.exists(marker), "an unchanged bundle is not extracted again");
    }

    @Test
    void leftoverFoldersOfBundlesNoLongerInstalledAreRemovedAtActivation() throws Exception {
        Path leftover = Files.createDirectories(lib.resolve("collectors/io.example.gone-1.0.0-42-1234/python.d"))
                .getParent();
        Files.writeString(leftover.resolve(CollectorFolders.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();

        extender.activate(context);
        awaitSource(bundle);
        drain();

        assertFalse(Files.exists(leftover));
        assertEquals(1, folders().size());
    }

    @Test
    void refreshReadsTheOperatorsConfAgainAndReturnsOnceThatIsPublished() throws Exception {
        extender.activate(context);
        Bundle bundle = install("io.example.alpha", CollectorJars.modules("alpha"));
        bundle.start();
        JobSource source = awaitSource(bundle);
        assertEquals(List.of("alpha/bundled"), ids(source));
        Path operatorConf = root.resolve("etc/python.d/alpha.conf");
        Files.createDirectories(operatorConf.getParent());
        Files.writeString(operatorConf, "mine:\n  update_every: 5\n");

        source.refresh();

        assertEquals(List.of("alpha/mine"), ids(source));
        assertEquals("bundle io.example.alpha 1.0.0: " + operatorConf, source.jobs().get(0).origin());
    }

    @Test
    void secondVersionOfTheSameBundleWaitsForTheFirst() throws Exception {
        extender.activate(context);
        Bundle first = install("first", CollectorJars.bundleHeaders("io.example.alpha", "1.0.0", ""),
                CollectorJars.modules("alpha"));
        Bundle second = install("second", CollectorJars.bundleHeaders("io.example.alpha", "2.0.0", ""),
                CollectorJars.modules("alpha"));
        first.start();
        awaitSource(first);
        second.start();
        drain();
        assertNull(sourceOf(second));

        first.stop();

        JobSource source = awaitSource(second);
        assertEquals("io.example.alpha", source.name());
        assertNotNull(source.jobs().get(0).origin());
        assertTrue(source.jobs().get(0).origin().startsWith("bundle io.example.alpha 2.0.0: "));
    }
}
