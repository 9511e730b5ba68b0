package io.terrarium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework's lifecycle: create and init Felix, let the launcher register its services, install bundle/,
 * start, report ready, run the after-start actions, wait until the framework stops (by a {@link StopControl}
 * request, a SIGTERM through the shutdown hook, or Gogo's own shutdown), running the while-running action meanwhile,
 * then delete the framework cache.
 */
final class Container {

    private static final Logger LOG = LoggerFactory.getLogger(Container.class);

    private final Map<String, Object> config;
    private final Path bundleFolder;
    private final Path storage;
    private final StopControl stop;
    private final Instant launched;
    private final List<Consumer<BundleContext>> beforeStart = new ArrayList<>();
    private final List<Consumer<BundleContext>> afterStart = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private Runnable whileRunning;
    private long whileRunningPeriodMillis;

    /**
     * @param config       the framework configuration
     * @param bundleFolder the jars to install and start
     * @param storage      the framework cache, deleted when the framework has stopped
     * @param stop         where stop requests come from
     * @param launched     when the launch began, for the start-up time reported when ready
     */
    Container(Map<String, Object> config, Path bundleFolder, Path storage, StopControl stop, Instant launched) {
        this.config = Map.copyOf(config);
        this.bundleFolder = bundleFolder;
        this.storage = storage;
        this.stop = stop;
        this.launched = launched;
    }

    /** Runs with the system bundle's context once the framework is initialised, before any bundle is installed. */
    Container beforeStart(Consumer<BundleContext> action) {
        beforeStart.add(action);
        return this;
    }

    /** Runs with the system bundle's context once the framework and its bundles have started. */
    Container afterStart(Consumer<BundleContext> action) {
        afterStart.add(action);
        return this;
    }

    /**
     * Runs on the launching thread every {@code periodMillis} from the moment the framework has started until it
     * stops, where that thread would otherwise only wait (the Netdata keep-alive, without a thread of its own).
     */
    Container whileRunning(long periodMillis, Runnable action) {
        this.whileRunning = action;
        this.whileRunningPeriodMillis = periodMillis;
        return this;
    }

    /** Runs the framework until it stops; returns the process's exit status. */
    int run() {
        Thread hook = new Thread(this::onSignal, "terrarium-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Felix framework = null;
        try {
            framework = new Felix(config);
            framework.init();
            LOG.debug("framework initialised");
            BundleContext context = framework.getBundleContext();
            beforeStart.forEach(action -> action.accept(context));
            List<Bundle> bundles = new BundleDeployer(bundleFolder).installAll(context);
            LOG.debug("{} bundles installed from {}", bundles.size(), bundleFolder);
            if (!stop.requested()) {
                framework.start();
                reportReady(bundles);
                stop.frameworkActive(framework);
                for (Consumer<BundleContext> action : afterStart) {
                    if (!stop.requested()) {
                        action.accept(context);
                    }
                }
            } else {
                framework.stop();
            }
            awaitStop(framework);
            LOG.debug("framework stopped");
            return stop.exitCode().orElse(0);
        } catch (Exception e) {
            LOG.error("Terrarium could not start: {}", e.toString(), e);
            if (framework != null) {
                try {
                    framework.stop();
                    framework.waitForStop(StopReason.SIGNAL.bound().toMillis());
                } catch (Exception nested) {
                    LOG.debug("stopping after a failed start", nested);
                }
            }
            return 1;
        } finally {
            deleteStorage();
            finished.countDown();
        }
    }

    private void awaitStop(Felix framework) throws InterruptedException {
        if (whileRunning == null) {
            framework.waitForStop(0);
            return;
        }
        while (framework.waitForStop(whileRunningPeriodMillis).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            whileRunning.run();
        }
    }

    /** The shutdown hook: SIGTERM, SIGINT, or System.exit. Stops the framework and waits until it has. */
    private void onSignal() {
        if (finished.getCount() == 0) {
            return;
        }
        stop.request(StopReason.SIGNAL, 143);
        try {
            // bounded by the watchdog the request armed
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportReady(List<Bundle> bundles) {
        long millis = Duration.between(launched, Instant.now()).toMillis();
        List<Bundle> startable = bundles.stream()
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null).toList();
        List<String> inactive = startable.stream().filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " (" + stateName(b.getState()) + ")")
                .toList();
        LOG.info("ready in {} ms: {} of {} bundles active", millis, startable.size() - inactive.size(),
                startable.size());
        if (!inactive.isEmpty()) {
            LOG.warn("not active: {}", String.join(", ", inactive));
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private void deleteStorage() {
        if (!Files.exists(storage)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(storage)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the framework cache {}: {}", storage, e.toString());
        }
    }
}
