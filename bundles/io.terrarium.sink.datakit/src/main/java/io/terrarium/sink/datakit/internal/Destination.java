package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.sink.datakit.DeliveryStatus;

/**
 * Everything bound for one DataKit address: open batches per {@link BatchKey}, sealed batches in memory, the disk
 * spool, and the one sender thread that writes them in order.
 *
 * <p>Order: batches are sent in the order they were sealed, and the spool always holds older batches than memory
 * (memory overflows into the spool from its oldest end, and an outage moves all of memory there), so sending the
 * spool first and memory next keeps every stream's order, across outages and restarts.
 *
 * <p>Threading: {@link #offer} is called by any thread and only encodes, appends and, when memory is full, writes
 * to the spool; it never waits for the network. The sender thread does all HTTP outside the lock.
 */
final class Destination {

    private static final Logger LOG = LoggerFactory.getLogger(Destination.class);
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long CRASH_PAUSE_MILLIS = 1000;

    private final String sinkName;
    private final Supplier<SinkSettings> settings;
    private final Supplier<DataKitClient> client;
    private final LineProtocolEncoder encoder = new LineProtocolEncoder();
    private final JsonPointEncoder jsonEncoder = new JsonPointEncoder();
    private final LogLimiter limiter;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Thread sender;
    private volatile URI url;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    // All access below guarded by "lock".
    private final Map<BatchKey, OpenBatch> open = new LinkedHashMap<>();
    private final ArrayDeque<SealedBatch> queue = new ArrayDeque<>();
    private final Spool spool;
    private long openPoints;
    private long queuedPoints;
    private long queuedBytes;
    private long nextSeq;
    private long inFlightSeq = -1;
    private boolean reachable = true;
    private int failures;
    private long retryAtNanos;
    private long nextPingNanos;
    private boolean closing;
    private long closeDeadlineNanos;
    private boolean closed;
    private boolean startable;
    private long unreportedDrops;
    private long lastDropReportNanos;
    private String lastError = "";

    /** A destination over an open spool; after {@link #start()} its sender starts when there is work. */
    Destination(String sinkName, URI url, Spool spool, Supplier<SinkSettings> settings,
            Supplier<DataKitClient> client, LogLimiter limiter) {
        this.sinkName = sinkName;
        this.url = url;
        this.spool = spool;
        this.settings = settings;
        this.client = client;
        this.limiter = limiter;
        this.nextSeq = spool.lastSeq() + 1;
        this.lastDropReportNanos = System.nanoTime() - DROP_REPORT_NANOS; // the first drop is reported at once
        this.sender = new Thread(this::run, "terrarium-datakit-sender " + url);
        this.sender.setDaemon(true);
    }

    /**
     * Lets the sender start: at once when the spool holds points from an earlier run, else with the first point
     * queued (a destination that never gets a point costs no thread).
     */
    void start() {
        lock.lock();
        try {
            startable = true;
            if (!spool.isEmpty()) {
                LOG.info("{} sink: {} spooled points for {} from an earlier run are sent first", sinkName,
                        spool.points(), url);
                startSender();
            }
        } finally {
            lock.unlock();
        }
    }

    // Called with the lock held.
    private void startSender() {
        if (startable && !closing && !closed && sender.getState() == Thread.State.NEW) {
            sender.start();
        }
    }

    URI url() {
        return url;
    }

    // ---- producers ----

    /** A point encoded, and whether as a JSON array element. */
    private record Encoded(byte[] bytes, boolean json) {
    }

    /**
     * Encodes and queues a batch: as line protocol, and a point line protocol cannot carry as JSON (in a request of
     * its own kind, after what came before it, so each job's order holds). A point neither can carry is counted as
     * failed and logged.
     */
    void offer(PointBatch batch) {
        BatchKey lineKey = new BatchKey(batch.category(), batch.input(), batch.ignoreGlobalTags());
        BatchKey key = lineKey;
        List<Encoded> lines = encode(batch, lineKey);
        if (lines.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                counters.dropped.addAndGet(lines.size());
                limiter.warn(LOG, "closed " + url, sinkName + " sink: stopped; dropped " + lines.size() + " "
                        + key.category().path() + " points of input '" + key.input() + "' that came after");
                return;
            }
            SinkSettings current = settings.get();
            OpenBatch batchOpen = open.get(key);
            boolean signal = false;
            for (Encoded line : lines) {
                if (line.json() != key.json()) {
                    // the other encoding: what is open in this one goes first
                    if (batchOpen != null) {
                        seal(batchOpen);
                        signal = true;
                    }
                    key = key.sibling();
                    batchOpen = open.get(key);
                }
                OpenBatch sibling = open.get(key.sibling());
                if (sibling != null) {
                    seal(sibling); // opened by an earlier offer: it goes before this point
                    signal = true;
                }
                if (batchOpen != null
                        && !batchOpen.fits(line.bytes().length, current.batchMaxPoints(), current.batchMaxBytes())) {
                    seal(batchOpen);
                    batchOpen = null;
                    signal = true;
                }
                if (batchOpen == null) {
                    batchOpen = new OpenBatch(key, System.nanoTime());
                    open.put(key, batchOpen);
                    signal = true; // a new deadline
                }
                batchOpen.add(line.bytes());
                openPoints++;
            }
            if (batchOpen.points() >= current.batchMaxPoints()) {
                seal(batchOpen);
                signal = true;
            }
            if (queuedBytes > current.queueMaxBytes()) {
                overflow(current.queueMaxBytes());
            }
            if (signal) {
                wake.signalAll();
            }
            startSender();
        } finally {
            lock.unlock();
        }
    }

    private List<Encoded> encode(PointBatch batch, BatchKey key) {
        List<Encoded> lines = new ArrayList<>(batch.points().size());
        StringBuilder line = new StringBuilder(256);
        for (Point point : batch.points()) {
            line.setLength(0);
            try {
                encoder.append(point, line);
                lines.add(new Encoded(line.toString().getBytes(StandardCharsets.UTF_8), false));
            } catch (UnwritablePointException notLineProtocol) {
                try {
                    lines.add(new Encoded(jsonEncoder.encode(point), true));
                } catch (UnwritablePointException e) {
                    counters.failed.incrementAndGet();
                    limiter.warn(LOG, "unwritable " + key + e.getMessage(), sinkName + " sink: dropped a "
                            + key.category().path() + " point of input '" + key.input() + "', measurement '"
                            + point.measurement() + "': " + e.getMessage());
                }
            }
        }
        return lines;
    }

    // ---- settings ----

    /** The sink's own address moved: what is queued or spooled goes to the new one. */
    void retarget(URI newUrl) {
        lock.lock();
        try {
            url = newUrl;
            reachable = true;
            failures = 0;
            retryAtNanos = 0;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Applies changed settings now: the spool limit, and wakes the sender for the rest. */
    void settingsChanged() {
        lock.lock();
        try {
            SinkSettings current = settings.get();
            try {
                countDrops(spool.setMaxBytes(current.spoolMaxBytes()));
            } catch (IOException e) {
                LOG.error("{} sink: spool {}: {}", sinkName, spool.directory(), e.toString());
            }
            reportDrops(true);
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- shutdown ----

    /** Asks the sender to send what it can until {@code deadlineNanos}, then spool the rest and stop. */
    void beginClose(long deadlineNanos) {
        lock.lock();
        try {
            closing = true;
            closeDeadlineNanos = deadlineNanos;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the sender to finish, interrupting an HTTP call still running at {@code deadlineNanos}. */
    void awaitClosed(long deadlineNanos) {
        try {
            if (sender.isAlive()) {
                sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            }
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(2000);
            }
        } catch (InterruptedException e) {
            sender.interrupt();
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            LOG.error("{} sink: the sender for {} does not stop", sinkName, url);
            return;
        }
        if (sender.getState() == Thread.State.NEW) {
            // never started: nothing ran the shutdown part of the loop
            lock.lock();
            try {
                finish();
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- status ----

    DeliveryStatus.DestinationStatus status() {
        lock.lock();
        try {
            return new DeliveryStatus.DestinationStatus(url.toString(), reachable, openPoints + queuedPoints,
                    spool.points(), spool.bytes(), counters.snapshot(), lastError);
        } finally {
            lock.unlock();
        }
    }

    DeliveryStatus.Counters counters() {
        return counters.snapshot();
    }

    // ---- the sender ----

    private void run() {
        lock.lock();
        try {
            while (true) {
                try {
                    if (!step()) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // a bug must not end delivery for good
                    LOG.error("{} sink: sender for {} failed; going on", sinkName, url, e);
                    wake.await(CRASH_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            // deactivation gave up waiting: what is left goes to the spool below
        } finally {
            finish();
            lock.unlock();
        }
    }

    /**
     * One round of the sender, called and returning with the lock held (released around network calls).
     *
     * @return false when the destination is closing and done
     */
    private boolean step() throws InterruptedException {
        SinkSettings current = settings.get();
        long now = System.nanoTime();
        sealAged(now, current.flushInterval().toNanos(), closing);
        reportDrops(false);
        if (closing && (!reachable || queue.isEmpty() || now - closeDeadlineNanos >= 0)) {
            return false;
        }
        if (!reachable) {
            spoolQueue();
            if (now - nextPingNanos >= 0) {
                probe(current);
            } else {
                awaitUntil(Math.min(nextPingNanos - now, nextSealNanos(now, current)));
            }
            return true;
        }
        if (!closing && retryAtNanos - now > 0) {
            awaitUntil(Math.min(retryAtNanos - now, nextSealNanos(now, current)));
            return true;
        }
        SealedBatch batch = nextToSend();
        if (batch == null) {
            awaitUntil(nextSealNanos(now, current));
            return true;
        }
        URI target = url;
        inFlightSeq = batch.seq();
        WriteOutcome outcome;
        lock.unlock();
        try {
            outcome = client.get().write(target, batch, current.requestTimeout());
        } finally {
            lock.lock();
            inFlightSeq = -1;
        }
        settle(batch, outcome, current, target);
        return true;
    }

    private void probe(SinkSettings current) throws InterruptedException {
        URI target = url;
        boolean up;
        lock.unlock();
        try {
            up = client.get().ping(target, current.requestTimeout());
        } finally {
            lock.lock();
        }
        if (!target.equals(url)) {
            return; // retargeted meanwhile
        }
        if (up) {
            reachable = true;
            failures = 0;
            retryAtNanos = 0;
            LOG.info("{} sink: {} answers /v1/ping again; sending {} spooled points first", sinkName, target,
                    spool.points());
        } else {
            nextPingNanos = System.nanoTime() + current.pingInterval().toNanos();
        }
    }

    private void settle(SealedBatch batch, WriteOutcome outcome, SinkSettings current, URI target) {
        boolean inQueue = queue.peek() == batch;
        boolean inSpool = !inQueue && spool.headSeq() == batch.seq();
        switch (outcome.kind()) {
            case ACCEPTED -> {
                remove(inQueue, inSpool);
                counters.sent.addAndGet(batch.points());
                failures = 0;
            }
            case REFUSED -> {
                remove(inQueue, inSpool);
                counters.failed.addAndGet(batch.points());
                failures = 0;
                lastError = "HTTP " + outcome.status() + " " + outcome.detail();
                limiter.warn(LOG, "refused " + batch.key() + outcome.detail(), sinkName + " sink: " + target
                        + " refused " + batch.points() + " " + batch.key().category().path() + " points of input '"
                        + batch.key().input() + "': HTTP " + outcome.status() + " " + outcome.detail()
                        + "; dropped, not retried");
            }
            case RETRY -> {
                lastError = outcome.detail();
                if (!inQueue && !inSpool) {
                    // the spool dropped it to make room while it was on its way
                    counters.dropped.addAndGet(batch.points());
                    unreportedDrops += batch.points();
                    failures = 0;
                    return;
                }
                failures++;
                if (closing || failures > current.retries()) {
                    goDown(target, outcome.detail(), current);
                } else {
                    counters.retried.addAndGet(batch.points());
                    retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Backoff.delayMillis(failures,
                            current.retryInitial(), current.retryMax(), outcome.retryAfterMillis()));
                }
            }
        }
    }

    private void goDown(URI target, String reason, SinkSettings current) {
        reachable = false;
        failures = 0;
        retryAtNanos = 0;
        nextPingNanos = System.nanoTime() + current.pingInterval().toNanos();
        if (!closing) {
            LOG.warn("{} sink: {} unreachable ({}); spooling to {} until GET /v1/ping answers 200", sinkName, target,
                    reason, spool.directory());
        }
        spoolQueue();
    }

    /** The oldest batch: the spool's head, else memory's; skips (and counts) spool records that cannot be read. */
    private SealedBatch nextToSend() {
        while (!spool.isEmpty()) {
            try {
                return spool.peek();
            } catch (IOException e) {
                int points = spool.headPoints();
                LOG.error("{} sink: spool {}: {}; {} points lost", sinkName, spool.directory(), e.getMessage(), points);
                counters.dropped.addAndGet(points);
                try {
                    spool.removeHead();
                } catch (IOException again) {
                    LOG.error("{} sink: spool {}: {}", sinkName, spool.directory(), again.toString());
                }
            }
        }
        return queue.peek();
    }

    private void remove(boolean inQueue, boolean inSpool) {
        if (inQueue) {
            SealedBatch head = queue.poll();
            queuedBytes -= head.body().length;
            queuedPoints -= head.points();
        } else if (inSpool) {
            try {
                spool.removeHead();
            } catch (IOException e) {
                LOG.error("{} sink: spool {}: {}", sinkName, spool.directory(), e.toString());
            }
        }
    }

    // ---- batches, memory and spool (lock held) ----

    private void seal(OpenBatch batch) {
        open.remove(batch.key());
        SealedBatch sealed = batch.seal(nextSeq++);
        openPoints -= sealed.points();
        queue.addLast(sealed);
        queuedPoints += sealed.points();
        queuedBytes += sealed.body().length;
    }

    private void sealAged(long now, long flushNanos, boolean all) {
        Iterator<OpenBatch> batches = open.values().iterator();
        List<OpenBatch> due = new ArrayList<>();
        while (batches.hasNext()) {
            OpenBatch batch = batches.next();
            if (all || now - batch.openedNanos() >= flushNanos) {
                due.add(batch);
            }
        }
        due.forEach(this::seal);
    }

    private long nextSealNanos(long now, SinkSettings current) {
        long wait = Long.MAX_VALUE;
        for (OpenBatch batch : open.values()) {
            wait = Math.min(wait, batch.openedNanos() + current.flushInterval().toNanos() - now);
        }
        if (unreportedDrops > 0) {
            wait = Math.min(wait, lastDropReportNanos + DROP_REPORT_NANOS - now);
        }
        return Math.max(0, wait);
    }

    private void awaitUntil(long nanos) throws InterruptedException {
        if (nanos == Long.MAX_VALUE) {
            wake.await();
        } else if (nanos > 0) {
            wake.awaitNanos(nanos);
        }
    }

    /** Memory over its limit: its oldest batches go to the spool, which keeps them ahead of the rest. */
    private void overflow(long maxBytes) {
        while (queuedBytes > maxBytes && !queue.isEmpty()) {
            toSpool(pollQueue());
        }
    }

    private void spoolQueue() {
        while (!queue.isEmpty()) {
            toSpool(pollQueue());
        }
    }

    private SealedBatch pollQueue() {
        SealedBatch batch = queue.poll();
        queuedBytes -= batch.body().length;
        queuedPoints -= batch.points();
        return batch;
    }

    private void toSpool(SealedBatch batch) {
        try {
            List<Spool.Dropped> dropped = spool.append(batch);
            boolean itself = !dropped.isEmpty() && dropped.get(dropped.size() - 1).seq() == batch.seq();
            if (!itself) {
                counters.spooled.addAndGet(batch.points());
            }
            countDrops(dropped);
        } catch (IOException e) {
            counters.dropped.addAndGet(batch.points());
            unreportedDrops += batch.points();
            limiter.warn(LOG, "spool " + e.getClass().getName(), sinkName + " sink: cannot spool to "
                    + spool.directory() + " (" + e + "); " + batch.points() + " points lost");
        }
        reportDrops(false);
    }

    private void countDrops(List<Spool.Dropped> dropped) {
        for (Spool.Dropped batch : dropped) {
            // a batch on its way is counted when its answer comes
            if (batch.seq() != inFlightSeq) {
                counters.dropped.addAndGet(batch.points());
                unreportedDrops += batch.points();
            }
        }
    }

    private void reportDrops(boolean now) {
        long time = System.nanoTime();
        if (unreportedDrops > 0 && (now || time - lastDropReportNanos >= DROP_REPORT_NANOS)) {
            LOG.warn("{} sink: spool {} is full ({} bytes): dropped the {} oldest points ({} dropped in all)",
                    sinkName, spool.directory(), settings.get().spoolMaxBytes(), unreportedDrops,
                    counters.dropped.get());
            unreportedDrops = 0;
            lastDropReportNanos = time;
        }
    }

    /** The sender's last act: everything still in memory goes to disk, and the spool is closed. */
    private void finish() {
        if (closed) {
            return;
        }
        sealAged(System.nanoTime(), 0, true);
        long left = queuedPoints;
        spoolQueue();
        if (unreportedDrops > 0) {
            reportDrops(true);
        }
        closed = true;
        try {
            spool.close();
        } catch (IOException e) {
            LOG.error("{} sink: closing spool {}: {}", sinkName, spool.directory(), e.toString());
        }
        if (left > 0 || !spool.isEmpty()) {
            LOG.info("{} sink: stopped with {} points for {} in {} ({} of them not sent before stopping)", sinkName,
                    spool.points(), url, spool.directory(), left);
        }
    }
}
