package io.terrarium.sink.file.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * A sink that appends what jobs collect to a file as JSON lines, rotated by size: one instance per factory
 * configuration of {@value #PID}, named by {@link Sink#nameOf}.
 *
 * <p>{@link #deliver} encodes outside any lock (jobs encode in parallel) and appends the result's lines with one write
 * under the sink's lock, so one result's lines are contiguous and whole. A file that cannot be opened or written makes
 * the sink {@code failed}: one log line, the records counted as dropped, and a new attempt at the next delivery, so
 * fixing the folder recovers without a restart. No thread: local writes are short.
 */
@Component(service = Sink.class, configurationPid = FileSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Sink.TYPE + "=" + FileSink.TYPE)
@Designate(ocd = FileSinkConfig.class, factory = true)
public final class FileSink implements Sink {

    static final String PID = "io.terrarium.sink.file";
    static final String TYPE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
    // one per bundle: every file sink of the container checks against every other
    private static final PathClaims CLAIMS = new PathClaims();

    private final Path base;
    private final JsonLinesEncoder encoder = new JsonLinesEncoder();

    private final Object lock = new Object();
    // All access guarded by "lock"
    private RotatingFile file; // null until opened, after a failure and once stopped
    private String failure; // the reason last logged while failing, null while writing works
    private long droppedAtFailure; // the dropped count when the current failure began
    private boolean stopped;

    // Written under "lock"; read without it by deliver() (to encode) and status()
    private volatile FileSettings settings;
    private volatile String name;
    private volatile String state = "ok";
    private volatile int queued;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    @Activate
    public FileSink(BundleContext context, FileSinkConfig config, Map<String, Object> properties) {
        this(baseFolder(context), config, properties);
    }

    /** @param base the folder a relative {@code path} is resolved against */
    FileSink(Path base, FileSinkConfig config, Map<String, ?> properties) {
        this.base = base;
        this.name = Sink.nameOf(properties);
        FileSettings initial = FileSettings.of(config, base);
        logProblems(initial, properties);
        synchronized (lock) {
            settings = initial;
            if (start()) {
                LOG.info("sink {}: writing JSON lines to {} ({})", name, initial.path(), describe(initial));
            }
        }
    }

    @Modified
    void modified(FileSinkConfig config, Map<String, ?> properties) {
        name = Sink.nameOf(properties);
        FileSettings next = FileSettings.of(config, base);
        logProblems(next, properties);
        synchronized (lock) {
            if (stopped) {
                return;
            }
            FileSettings previous = settings;
            settings = next;
            if (!Objects.equals(next.path(), previous.path())) {
                if (file != null) {
                    onFile(RotatingFile::close, 0);
                    file = null;
                }
                CLAIMS.release(previous.path(), this);
                failure = null;
                if (start()) {
                    LOG.info("sink {}: now writing to {} ({}); was {}", name, next.path(), describe(next),
                            previous.path());
                }
            } else if (file != null) {
                onFile(open -> open.limits(next.limits()), 0);
                LOG.info("sink {}: {} now {}", name, next.path(), describe(next));
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            stopped = true;
            if (file != null) {
                onFile(RotatingFile::close, 0);
                file = null;
            }
            CLAIMS.release(settings.path(), this);
            state = "closed";
            queued = 0;
        }
        LOG.info("sink {}: stopped{}; {} lines written, {} dropped", name,
                settings.path() == null ? "" : ", " + settings.path() + " closed", sent.get(), dropped.get());
    }

    @Override
    public void deliver(CollectionResult result) {
        received.incrementAndGet();
        JsonLinesEncoder.Lines lines = encoder.encode(result, settings.kinds());
        if (lines.count() == 0) {
            return;
        }
        synchronized (lock) {
            if (stopped) {
                dropped.addAndGet(lines.count());
                return;
            }
            if (file == null && !open()) {
                failed.incrementAndGet();
                dropped.addAndGet(lines.count());
                return;
            }
            onFile(open -> open.append(lines.bytes(), lines.count()), lines.count());
        }
    }

    /** Nothing will be delivered for a while: write what {@code flush=false} holds in memory now. */
    @Override
    public void nothingToRun() {
        synchronized (lock) {
            if (file != null && !stopped) {
                onFile(RotatingFile::flush, 0);
            }
        }
    }

    @Override
    public SinkStatus status() {
        Path path = settings.path();
        return new SinkStatus(state, path == null ? "" : path.toString(), received.get(), sent.get(), failed.get(),
                dropped.get(), queued, -1);
    }

    @Override
    public String preview(CollectionResult result) {
        return new String(encoder.encode(result, settings.kinds()).bytes(), StandardCharsets.UTF_8);
    }

    // ---- the file, under "lock" ----

    private interface FileAction {
        void apply(RotatingFile file) throws IOException;
    }

    /**
     * Runs an action on the open file and counts its lines: written ones as sent, lost ones (what waited in memory,
     * plus {@code incoming}) as dropped when it fails, which also closes the file until the next attempt.
     */
    private void onFile(FileAction action, int incoming) {
        RotatingFile target = file;
        long before = target.written();
        long atRisk = target.pendingLines() + (long) incoming;
        try {
            action.apply(target);
            sent.addAndGet(target.written() - before);
            queued = target.pendingLines();
        } catch (IOException e) {
            long done = target.written() - before;
            sent.addAndGet(done);
            dropped.addAndGet(atRisk - done);
            if (incoming > 0) {
                failed.incrementAndGet();
            }
            target.abandon();
            file = null;
            queued = 0;
            failing(target.path(), IoReason.of(e, target.path()));
        }
    }

    /** Opens the configured file at activation or after a path change; false when it cannot (logged). */
    private boolean start() {
        if (settings.path() == null) {
            state = "failed"; // the configuration problem is logged already
            return false;
        }
        state = "ok";
        return open();
    }

    private boolean open() {
        Path path = settings.path();
        if (path == null) {
            return false;
        }
        FileSink owner = CLAIMS.claim(path, this);
        if (owner != null) {
            failing(path, "sink " + owner.name + " writes it already (one writer per file: give each sink its own "
                    + "path)");
            return false;
        }
        try {
            file = RotatingFile.open(path, settings.limits());
        } catch (IOException e) {
            failing(path, IoReason.of(e, path));
            return false;
        }
        if (failure != null) {
            LOG.info("sink {}: writing to {} again ({} records dropped meanwhile)", name, path,
                    dropped.get() - droppedAtFailure);
            failure = null;
        }
        state = "ok";
        return true;
    }

    /** One log line per failure, not per delivery: again only when the reason changes. */
    private void failing(Path path, String reason) {
        state = "failed";
        if (failure == null) {
            droppedAtFailure = dropped.get();
        }
        if (!reason.equals(failure)) {
            LOG.error("sink {}: cannot write {}: {}; its records are dropped until it can (tried again at each "
                    + "delivery)", name, path, reason);
            failure = reason;
        }
    }

    // ---- configuration ----

    private void logProblems(FileSettings settings, Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        if (settings.pathProblem() != null) {
            LOG.error("sink {}: configuration {}: {}; nothing is written", name, pid == null ? PID : pid,
                    settings.pathProblem());
        }
        for (String problem : settings.problems()) {
            LOG.warn("sink {}: configuration {}: {}", name, pid == null ? PID : pid, problem);
        }
    }

    private static String describe(FileSettings settings) {
        String rotation = settings.maxBytes() == 0 ? "never rotated"
                : "rotated at " + settings.maxBytes() + " bytes, "
                        + (settings.keep() == 0 ? "truncated" : "keeping " + settings.keep());
        return rotation + (settings.flush() ? "" : ", buffered") + (settings.fsync() ? ", fsync" : "") + ", kinds "
                + settings.kinds().stream().sorted().map(LineKind::word).toList();
    }

    private static Path baseFolder(BundleContext context) {
        String home = context.getProperty("terrarium.home");
        return home != null && !home.isBlank() ? Path.of(home).toAbsolutePath() : Path.of("").toAbsolutePath();
    }
}
