package io.terrarium.sink.prometheus.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.CollectionResult;

/**
 * Serves the latest collected values in Prometheus' text exposition format over HTTP. One instance per factory
 * configuration ({@code io.terrarium.sink.prometheus~<name>}), so several can listen side by side.
 *
 * <p>{@link #deliver} maps the result to series outside any lock and swaps its job's series in one step; a scrape
 * renders a snapshot of every job's series, so it never blocks a delivery and sees each result whole or not at all.
 * The server runs on two daemon threads {@code terrarium-prometheus-<name>-<n>} (plus the JDK server's
 * dispatcher), all ended by {@link #deactivate}.
 */
@Component(service = Sink.class, configurationPid = "io.terrarium.sink.prometheus",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Sink.TYPE + "=prometheus")
@Designate(ocd = PrometheusSinkConfig.class, factory = true)
public final class PrometheusSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSink.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoClock;
    private final SeriesStore store = new SeriesStore();
    private final ThreadPoolExecutor executor;
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
    private final MetricsHandler handler;
    private final LongAdder received = new LongAdder();
    private final LongAdder scrapes = new LongAdder();
    private final LongAdder failedScrapes = new LongAdder();
    private final LongAdder refusedSeries = new LongAdder();
    // when the last "series limit" warning was logged; 0 = never
    private final AtomicLong lastLimitWarning = new AtomicLong();

    // Written by activate/modified/deactivate (serialized by DS), read by any thread.
    private volatile String name;
    private volatile ExporterSettings settings; // null while the configuration is refused
    private volatile ResultMapper mapper;
    private volatile MetricsServer server; // null while not listening
    private volatile ListenAddress serverAddress; // the configured address the server was bound for
    private volatile boolean closed;

    @Activate
    public PrometheusSink(PrometheusSinkConfig config, Map<String, Object> properties) {
        this(config, properties, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()}, or a clock a test moves */
    PrometheusSink(PrometheusSinkConfig config, Map<String, Object> properties, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.name = Sink.nameOf(properties);
        String threadName = "terrarium-prometheus-" + name + "-";
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, threadName + count.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true); // no idle threads between scrapes
        this.handler = new MetricsHandler(new Exporter());
        try {
            settings = ExporterSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("sink {}: configuration refused: {}; not serving until it is corrected", name, e.getMessage());
            return;
        }
        mapper = new ResultMapper(settings);
        listen(settings.address());
    }

    @Modified
    void modified(PrometheusSinkConfig config, Map<String, Object> properties) {
        String newName = Sink.nameOf(properties);
        if (!newName.equals(name)) {
            LOG.info("sink {}: now named {}", name, newName);
            name = newName;
        }
        ExporterSettings next;
        try {
            next = ExporterSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("sink {}: configuration refused: {}; keeping the previous one", name, e.getMessage());
            return;
        }
        ExporterSettings previous = settings;
        if (previous != null && next.namesDifferFrom(previous)) {
            // series named the old way would linger until they expire beside their new names
            store.clear();
        }
        mapper = new ResultMapper(next);
        settings = next;
        if (server == null || !next.address().equals(serverAddress)) {
            listen(next.address());
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        MetricsServer current = server;
        server = null;
        if (current != null) {
            current.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            for (Thread thread : threads) {
                thread.join(1000); // a terminated pool's threads may still be on their way out
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("sink {}: stopped; {} results received, {} scrapes served", name, received.sum(), scrapes.sum());
    }

    @Override
    public void deliver(CollectionResult result) {
        ExporterSettings current = settings;
        ResultMapper currentMapper = mapper;
        if (closed || current == null || currentMapper == null) {
            return;
        }
        received.increment();
        long now = nanoClock.getAsLong();
        MappedResult mapped = currentMapper.map(result, now);
        int refused = store.apply(result.job(), mapped, now, current.maxSeries());
        if (refused > 0) {
            refusedSeries.add(refused);
            warnLimit(result, refused, current.maxSeries(), now);
        }
    }

    @Override
    public SinkStatus status() {
        MetricsServer current = server;
        ExporterSettings now = settings;
        String state = closed ? "closed" : current == null ? "failed" : "ok";
        String target = current != null ? current.url(now.path())
                : now != null ? "http://" + now.address() + now.path() : "";
        return new SinkStatus(state, target, received.sum(), scrapes.sum(), failedScrapes.sum(), refusedSeries.sum(),
                store.size(nanoClock.getAsLong()), 0);
    }

    @Override
    public String preview(CollectionResult result) {
        ResultMapper currentMapper = mapper;
        if (currentMapper == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        JobSeries alone = JobSeries.EMPTY.merge(currentMapper.map(result, now), now, JobSeries.Admission.unlimited());
        return TextExposition.render(List.of(alone));
    }

    /** The exposition of everything held now, as a scrape gets it. */
    String render() {
        return TextExposition.render(store.live(nanoClock.getAsLong()));
    }

    /**
     * Binds a server to the address and, once it listens, closes the previous one, so the metrics stay reachable
     * throughout. When the new address needs the previous server's port (127.0.0.1:9464 to 0.0.0.0:9464), the
     * previous one is closed first; if the new one still cannot bind, the previous address is bound again.
     */
    private void listen(ListenAddress address) {
        MetricsServer previous = server;
        InetSocketAddress resolved;
        try {
            resolved = address.resolve();
        } catch (IOException e) {
            bindFailed(address, "unknown host " + address.host(), previous);
            return;
        }
        MetricsServer fresh;
        try {
            fresh = MetricsServer.start(resolved, executor, handler);
        } catch (BindException e) {
            if (previous == null || previous.address().getPort() != resolved.getPort()) {
                bindFailed(address, describe(e), previous);
                return;
            }
            previous.close();
            server = null;
            try {
                fresh = MetricsServer.start(resolved, executor, handler);
            } catch (IOException again) {
                bindFailed(address, describe(again), null);
                rebind(serverAddress);
                return;
            }
        } catch (IOException | RuntimeException e) {
            bindFailed(address, describe(e), previous);
            return;
        }
        server = fresh;
        serverAddress = address;
        LOG.info("sink {}: serving Prometheus metrics at {}{}", name, fresh.url(settings.path()),
                fresh.isLoopback() ? "" : " (not a loopback address: reachable from the network)");
        if (previous != null && previous != fresh) {
            previous.close();
        }
    }

    private void rebind(ListenAddress address) {
        try {
            MetricsServer again = MetricsServer.start(address.resolve(), executor, handler);
            server = again;
            LOG.info("sink {}: serving Prometheus metrics at {} again", name, again.url(settings.path()));
        } catch (IOException | RuntimeException e) {
            LOG.error("sink {}: cannot listen on {} again either: {}; not serving until the address is changed",
                    name, address, describe(e));
        }
    }

    private void bindFailed(ListenAddress address, String reason, MetricsServer previous) {
        LOG.error("sink {}: cannot listen on {}: {}; {}", name, address, reason, previous == null
                ? "not serving until the address is changed" : "still serving at " + previous.url(settings.path()));
    }

    private static String describe(Exception e) {
        if (e instanceof BindException) {
            return "address already in use or not available (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void warnLimit(CollectionResult result, int refused, int maxSeries, long now) {
        long last = lastLimitWarning.get();
        if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastLimitWarning.compareAndSet(last, now)) {
            LOG.warn("sink {}: holding {} series (maxSeries {}): refused {} new series of job {}; {} refused in all "
                    + "(logged at most once a minute)", name, store.size(now), maxSeries, refused, result.job(),
                    refusedSeries.sum());
        }
    }

    /** The sink as its HTTP handler sees it. */
    private final class Exporter implements MetricsHandler.Exporter {

        @Override
        public String name() {
            return name;
        }

        @Override
        public String path() {
            ExporterSettings current = settings;
            return current == null ? "/metrics" : current.path();
        }

        @Override
        public String render() {
            return PrometheusSink.this.render();
        }

        @Override
        public void scrapeServed() {
            scrapes.increment();
        }

        @Override
        public void scrapeFailed() {
            failedScrapes.increment();
        }
    }
}
