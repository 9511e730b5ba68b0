package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
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
import io.terrarium.api.data.PointBatch;
import io.terrarium.sink.datakit.DataKitDelivery;
import io.terrarium.sink.datakit.DeliveryStatus;

/**
 * DataKit's HTTP write API as a sink: every DataKit record of a result (and, with {@code routeCharts}, every
 * python.d chart update as a metric point) goes to {@code POST <url>/v1/write/<category>} in line protocol,
 * batched per category, input and {@code ignore_global_tags}, with retries, and spooled to disk while DataKit
 * cannot be reached. A batch whose script named another DataKit ({@code destination}) goes there instead, through
 * its own queue, spool and sender thread.
 *
 * <p>{@link #deliver} only encodes and queues. Each destination's thread sends; deactivation gives them
 * {@code shutdownTimeoutMillis} to send what is queued and spools the rest.
 */
@Component(service = { Sink.class, DataKitDelivery.class }, property = Sink.TYPE + "=" + DataKitSink.TYPE,
        configurationPid = DataKitSink.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DataKitSinkConfig.class)
public final class DataKitSink implements Sink, DataKitDelivery {

    static final String TYPE = "datakit";
    /** One sink per factory configuration of this PID, e.g. {@code io.terrarium.sink.datakit~main}. */
    static final String FACTORY_PID = "io.terrarium.sink.datakit";

    private static final Logger LOG = LoggerFactory.getLogger(DataKitSink.class);
    private static final String OWN = "default";
    private static final String URL_FILE = "url";

    private final String name;
    private final AtomicLong received = new AtomicLong();
    private final LineProtocolEncoder encoder = new LineProtocolEncoder();
    private final JsonPointEncoder jsonEncoder = new JsonPointEncoder();
    private final Path spoolRoot;
    private final boolean temporarySpool;
    private final ExecutorService httpExecutor;
    private final Queue<Thread> httpThreads = new ConcurrentLinkedQueue<>();
    private final LogLimiter limiter = new LogLimiter(1, TimeUnit.MINUTES);
    private final Destination own;
    // Other addresses scripts asked for, keyed by URL; created with "others" locked, never after "stopped".
    private final Map<String, Destination> others = new ConcurrentHashMap<>();
    private volatile SinkSettings settings;
    private volatile DataKitClient client;
    private volatile boolean stopped;

    @Activate
    public DataKitSink(BundleContext context, DataKitSinkConfig config, Map<String, Object> properties) {
        this(Sink.nameOf(properties), spoolRoot(context, Sink.nameOf(properties)), config);
    }

    /**
     * @param name      the sink's name, in its log lines and its spool folder's
     * @param spoolRoot the folder for the spools, or {@code null} for a temporary one removed on deactivation
     */
    DataKitSink(String name, Path spoolRoot, DataKitSinkConfig config) {
        this.name = name;
        this.settings = settingsOf(name, config);
        this.temporarySpool = spoolRoot == null;
        try {
            this.spoolRoot = temporarySpool ? Files.createTempDirectory("terrarium-datakit-spool") : spoolRoot;
            Files.createDirectories(this.spoolRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("sink " + name + ": cannot create its spool folder " + spoolRoot, e);
        }
        AtomicInteger threads = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "terrarium-datakit-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            httpThreads.add(thread);
            return thread;
        });
        this.client = new DataKitClient(httpExecutor, settings.connectTimeout());
        this.own = newDestination(settings.url(), true, this.spoolRoot.resolve(OWN));
        resumeLeftovers();
        own.start();
        others.values().forEach(Destination::start);
        LOG.info("sink {}: writing to {}; spool {} ({} bytes per destination{})", name, settings.url(), this.spoolRoot,
                settings.spoolMaxBytes(), temporarySpool
                        ? "; temporary, removed on stop: set terrarium.lib.dir or terrarium.home to keep it" : "");
    }

    @Modified
    void modified(DataKitSinkConfig config) {
        SinkSettings next;
        try {
            next = SinkSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("sink {}: configuration refused: {}; keeping the previous one", name, e.getMessage());
            return;
        }
        SinkSettings previous = settings;
        if (!next.connectTimeout().equals(previous.connectTimeout())) {
            // Java 17's HttpClient cannot be closed; the old one's selector thread ends once it is collected
            client = new DataKitClient(httpExecutor, next.connectTimeout());
        }
        settings = next;
        if (!next.url().equals(previous.url())) {
            LOG.info("sink {}: now writing to {} (was {}); what is queued and spooled goes there", name, next.url(),
                    previous.url());
            own.retarget(next.url());
        }
        own.settingsChanged();
        others.values().forEach(Destination::settingsChanged);
    }

    @Deactivate
    void deactivate() {
        synchronized (others) {
            stopped = true; // no destination is created from now on
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        List<Destination> all = destinations();
        all.forEach(destination -> destination.beginClose(deadline));
        all.forEach(destination -> destination.awaitClosed(deadline));
        httpExecutor.shutdownNow();
        try {
            httpExecutor.awaitTermination(2, TimeUnit.SECONDS);
            // a terminated pool's last threads may still be on their way out
            for (Thread thread : httpThreads) {
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (temporarySpool) {
            deleteTree(spoolRoot);
        }
        DeliveryStatus.Counters totals = deliveryStatus().totals();
        LOG.info("sink {}: stopped; {} points sent, {} failed, {} retried, {} spooled, {} dropped", name,
                totals.sent(), totals.failed(), totals.retried(), totals.spooled(), totals.dropped());
    }

    /** Results with DataKit points, and with {@code routeCharts} every result; the rest would send nothing. */
    @Override
    public boolean accepts(CollectionResult result) {
        if (settings.routeCharts()) {
            return true;
        }
        for (PointBatch batch : result.batches()) {
            if (!batch.points().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void deliver(CollectionResult result) {
        if (stopped) {
            return;
        }
        received.incrementAndGet();
        for (PointBatch batch : result.batches()) {
            if (!batch.points().isEmpty()) {
                destinationOf(batch).offer(batch);
            }
        }
        if (settings.routeCharts()) {
            PointBatch charts = ChartPoints.of(result);
            if (charts != null) {
                own.offer(charts);
            }
        }
    }

    @Override
    public SinkStatus status() {
        DeliveryStatus delivery = deliveryStatus();
        long queued = 0;
        long spooled = 0;
        boolean reachable = true;
        for (DeliveryStatus.DestinationStatus destination : delivery.destinations()) {
            queued += destination.queuedPoints();
            spooled += destination.spooledPoints();
            reachable &= destination.reachable();
        }
        String state = stopped ? "closed" : !reachable ? "unreachable" : spooled > 0 ? "replaying" : "ok";
        DeliveryStatus.Counters totals = delivery.totals();
        return new SinkStatus(state, delivery.url(), received.get(), totals.sent(), totals.failed(),
                totals.dropped(), queued, spooled);
    }

    /** The requests this sink would send for the result: each batch's write URL, then its lines. */
    @Override
    public String preview(CollectionResult result) {
        List<PointBatch> batches = new ArrayList<>(result.batches());
        if (settings.routeCharts()) {
            PointBatch charts = ChartPoints.of(result);
            if (charts != null) {
                batches.add(charts);
            }
        }
        StringBuilder out = new StringBuilder();
        for (PointBatch batch : batches) {
            if (batch.points().isEmpty()) {
                continue;
            }
            URI base = settings.url();
            if (batch.destination() != null && !batch.destination().isBlank()) {
                try {
                    base = DataKitClient.baseUrl(batch.destination());
                } catch (IllegalArgumentException e) {
                    // goes to the sink's own address, as deliver does
                }
            }
            out.append("POST ").append(DataKitClient.writeUri(base,
                    new BatchKey(batch.category(), batch.input(), batch.ignoreGlobalTags()))).append('\n');
            for (io.terrarium.api.data.Point point : batch.points()) {
                try {
                    encoder.append(point, out);
                } catch (UnwritablePointException notLineProtocol) {
                    try {
                        // sent in a JSON request of its own (Destination)
                        out.append("# as JSON (").append(notLineProtocol.getMessage()).append("): ")
                                .append(new String(jsonEncoder.encode(point), StandardCharsets.UTF_8)).append('\n');
                    } catch (UnwritablePointException e) {
                        out.append("# not writable: ").append(e.getMessage()).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    @Override
    public DeliveryStatus deliveryStatus() {
        List<DeliveryStatus.DestinationStatus> destinations = new ArrayList<>();
        DeliveryStatus.Counters totals = new DeliveryStatus.Counters(0, 0, 0, 0, 0);
        for (Destination destination : destinations()) {
            DeliveryStatus.DestinationStatus status = destination.status();
            destinations.add(status);
            totals = totals.plus(status.counters());
        }
        return new DeliveryStatus(name, settings.url().toString(), spoolRoot.toString(), totals, destinations);
    }

    // ---- destinations ----

    private Destination destinationOf(PointBatch batch) {
        String requested = batch.destination();
        if (requested == null || requested.isBlank()) {
            return own;
        }
        URI url;
        try {
            url = DataKitClient.baseUrl(requested);
        } catch (IllegalArgumentException e) {
            limiter.warn(LOG, "destination " + requested, "sink " + name + ": input '" + batch.input() + "' asked for "
                    + "DataKit at " + e.getMessage() + "; its points go to " + settings.url());
            return own;
        }
        if (url.equals(settings.url())) {
            return own;
        }
        Destination known = others.get(url.toString());
        if (known != null) {
            return known;
        }
        synchronized (others) {
            if (stopped) {
                return own; // closed: it counts what comes late
            }
            try {
                return others.computeIfAbsent(url.toString(), key -> {
                    Destination destination = newDestination(url, false, spoolRoot.resolve(folderName(url)));
                    destination.start();
                    LOG.info("sink {}: input '{}' writes to DataKit at {}", name, batch.input(), url);
                    return destination;
                });
            } catch (UncheckedIOException e) {
                limiter.warn(LOG, "spool " + url, e.getMessage() + " (" + e.getCause() + "); points for " + url
                        + " go to " + settings.url());
                return own;
            }
        }
    }

    private Destination newDestination(URI url, boolean isOwn, Path folder) {
        Spool spool;
        try {
            spool = Spool.open(folder, settings.spoolMaxBytes(), message -> LOG.warn("sink {}: {}", name, message));
            if (!isOwn) {
                Files.writeString(folder.resolve(URL_FILE), url + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sink " + name + ": cannot open spool " + folder, e);
        }
        return new Destination(name, url, spool, () -> settings, () -> client, limiter);
    }

    /** Other destinations' spools left by an earlier run are sent on, each to the address it was meant for. */
    private void resumeLeftovers() {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(spoolRoot, Files::isDirectory)) {
            for (Path folder : folders) {
                Path urlFile = folder.resolve(URL_FILE);
                if (folder.getFileName().toString().equals(OWN) || !Files.isRegularFile(urlFile)) {
                    continue;
                }
                URI url = DataKitClient.baseUrl(Files.readString(urlFile, StandardCharsets.UTF_8));
                if (url.equals(settings.url()) || others.containsKey(url.toString())) {
                    continue; // left for when a script writes there again
                }
                Destination destination = newDestination(url, false, folder);
                if (destination.status().spooledPoints() == 0) {
                    destination.awaitClosed(System.nanoTime()); // never started: closes its spool
                    continue;
                }
                others.put(url.toString(), destination);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("sink {}: reading earlier spools in {}: {}", name, spoolRoot, e.getMessage());
        }
    }

    private List<Destination> destinations() {
        List<Destination> all = new ArrayList<>();
        all.add(own);
        others.values().stream().sorted(Comparator.comparing(destination -> destination.url().toString()))
                .forEach(all::add);
        return all;
    }

    static String folderName(URI url) {
        String name = url.getHost() + "_" + (url.getPort() < 0 ? url.getScheme() : String.valueOf(url.getPort()))
                + (url.getRawPath() == null ? "" : url.getRawPath());
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static SinkSettings settingsOf(String name, DataKitSinkConfig config) {
        try {
            return SinkSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("sink {}: configuration refused: {}", name, e.getMessage());
            throw e;
        }
    }

    /** Each DataKit sink spools under its own folder, named after it. */
    private static Path spoolRoot(BundleContext context, String name) {
        String folder = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String lib = context.getProperty("terrarium.lib.dir");
        if (lib != null && !lib.isBlank()) {
            return Path.of(lib, "spool", "datakit", folder);
        }
        String home = context.getProperty("terrarium.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "data", "spool", "datakit", folder);
        }
        return null;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("datakit sink: removing {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("datakit sink: removing {}: {}", root, e.toString());
        }
    }
}
