package io.terrarium.scheduler.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/**
 * Delivery as a stage of its own: a {@link SinkFeed} (a bounded queue and one thread) for every sink. Collection
 * offers each validated result here and goes on at once; so the stage's threads grow with the sinks, never with the
 * jobs, and a sink that is slow or stuck delays nothing but itself. A sink that goes away, or the stage closing,
 * gets what is queued for it for at most {@link #GRACE}; the rest is discarded and counted.
 *
 * <p>Thread-safe: DS adds and removes sinks while collection threads offer and the shell reads. The set of feeds
 * is guarded by "this" for changes and read without a lock.
 */
final class DeliveryStage {

    /** How long a sink that goes away, or every sink when the stage closes, may take to finish its queue. */
    static final Duration GRACE = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStage.class);

    private final List<SinkFeed> feeds = new CopyOnWriteArrayList<>();
    // Guarded by "this".
    private boolean closed;

    /** Makes the sink's queue; its thread starts with the first result the sink accepts. */
    void add(Sink sink, Map<String, ?> properties) {
        String name = Sink.nameOf(properties);
        SinkFeed feed = new SinkFeed(sink, name, typeOf(properties), serviceId(properties), bound(name, properties));
        synchronized (this) {
            if (closed) {
                return;
            }
            feeds.add(feed);
        }
        LOG.info("sink {} added (queue of {} results)", name, feed.status().bound());
    }

    /** The sink's service properties changed: its name, its queue's bound. */
    void update(Sink sink, Map<String, ?> properties) {
        SinkFeed feed = feedOf(sink);
        if (feed != null) {
            String name = Sink.nameOf(properties);
            feed.update(name, typeOf(properties), bound(name, properties));
        }
    }

    /** Ends the sink's lane: what is queued is delivered for at most {@link #GRACE}, then discarded. */
    void remove(Sink sink) {
        SinkFeed feed;
        synchronized (this) {
            feed = feedOf(sink);
            if (feed == null) {
                return;
            }
            feeds.remove(feed);
        }
        feed.close();
        feed.awaitEnd(System.nanoTime() + GRACE.toNanos());
        LOG.info("sink {} removed", feed.name());
    }

    /**
     * Queues the result for every sink the job feeds ({@code wanted}: sink names, empty for all) that accepts it.
     * Never blocks.
     */
    void offer(CollectionResult result, List<String> wanted) {
        for (SinkFeed feed : feeds) {
            if (wanted.isEmpty() || wanted.contains(feed.name())) {
                feed.offer(result);
            }
        }
    }

    /** As {@link #offer(CollectionResult, List)}, each sink getting what the validators of its type left. */
    void offer(Validators.Pass pass, List<String> wanted) {
        for (SinkFeed feed : feeds) {
            if (wanted.isEmpty() || wanted.contains(feed.name())) {
                feed.offer(pass.forType(feed.type()));
            }
        }
    }

    /** Every sink hears it after what is queued for it now. */
    void nothingToRun() {
        feeds.forEach(SinkFeed::nothingToRun);
    }

    void nothingToRun(Sink sink) {
        SinkFeed feed = feedOf(sink);
        if (feed != null) {
            feed.nothingToRun();
        }
    }

    /**
     * What each sink the job feeds would make of the result, by sink name; asked on the caller's thread, not
     * through the queues (a preview changes nothing in a sink).
     */
    Map<String, String> previews(Validators.Pass pass, List<String> wanted) {
        Map<String, String> previews = new LinkedHashMap<>();
        for (SinkFeed feed : feeds) {
            if (wanted.isEmpty() || wanted.contains(feed.name())) {
                String text;
                try {
                    text = feed.sink.preview(pass.forType(feed.type()));
                } catch (RuntimeException e) {
                    text = "(preview failed: " + e + ")";
                }
                previews.put(feed.name(), text == null ? "" : text);
            }
        }
        return previews;
    }

    List<DeliveryQueueStatus> queues() {
        List<DeliveryQueueStatus> queues = new ArrayList<>();
        feeds.forEach(feed -> queues.add(feed.status()));
        return queues;
    }

    /** Ends every lane, all within one {@link #GRACE}; nothing can be added afterwards. */
    void close() {
        List<SinkFeed> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(feeds);
            feeds.clear();
        }
        all.forEach(SinkFeed::close);
        long deadline = System.nanoTime() + GRACE.toNanos();
        all.forEach(feed -> feed.awaitEnd(deadline));
    }

    private SinkFeed feedOf(Sink sink) {
        for (SinkFeed feed : feeds) {
            if (feed.sink == sink) {
                return feed;
            }
        }
        return null;
    }

    private static String typeOf(Map<String, ?> properties) {
        Object type = properties.get(Sink.TYPE);
        return type == null ? "" : type.toString();
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get("service.id") instanceof Number number ? number.longValue() : -1;
    }

    /** The sink's {@link Sink#QUEUE} property, else {@link Sink#DEFAULT_QUEUE}. */
    static int bound(String sink, Map<String, ?> properties) {
        Object value = properties.get(Sink.QUEUE);
        if (value == null) {
            return Sink.DEFAULT_QUEUE;
        }
        try {
            long bound = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            if (bound > 0) {
                return (int) Math.min(Integer.MAX_VALUE, bound);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("sink {}: {}={} is not a positive number of results; its queue holds {}", sink, Sink.QUEUE, value,
                Sink.DEFAULT_QUEUE);
        return Sink.DEFAULT_QUEUE;
    }
}
