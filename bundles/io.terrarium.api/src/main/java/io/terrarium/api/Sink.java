package io.terrarium.api;

import java.util.List;

import io.terrarium.api.data.CollectionResult;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An output: receives what jobs collect. Register any number of them as services; the scheduler delivers
 * to every sink registered at the moment of delivery (a sink that appears receives from the next tick on,
 * one that goes away receives nothing more). Register with the {@link #NAME} property so jobs can name it.
 *
 * <p>Threading and delivery. Collection never waits for a sink: the scheduler validates each result where it
 * arrives and offers it, without blocking, to a bounded queue of this sink's own (the {@link #QUEUE} property,
 * {@link #DEFAULT_QUEUE} results by default). Each sink has one delivery thread of its own,
 * {@code terrarium-delivery-<name>}, that takes everything waiting in its queue and hands it over, having waited
 * a few milliseconds (at most 50) for what arrives with it, so that a tick of many jobs comes in a few calls rather
 * than one per job. So a sink may rely on this:
 * <ul>
 * <li>{@link #deliver(List)}, {@link #deliver(CollectionResult)} and {@link #nothingToRun()} are called from that
 * one thread only, one call at a time, never concurrently with each other;</li>
 * <li>results reach it in the order collected for each job, and a job's retired charts after its last values;
 * {@link #nothingToRun()} comes after every result queued before it;</li>
 * <li>it may block (a peer that does not read, an endpoint that hangs) without delaying collection, another job or
 * another sink; meanwhile its queue fills, and once full the oldest results are dropped (those carrying retired
 * charts last), so that what it gets when it recovers is current. The scheduler counts what it dropped
 * ({@link DeliveryQueues}); the sink's own {@link SinkStatus#dropped()} is for what the sink itself gave up on;</li>
 * <li>a dropped result is simply absent: every result carries the current definition of each chart it updates,
 * so a sink that compares with what it last sent stays consistent across drops.</li>
 * </ul>
 * {@link #accepts} (from the threads that validate results), {@link #status()} and {@link #preview} (from the
 * shell's) are called concurrently with deliveries: they must not wait for a delivery in progress. A sink's delivery
 * thread starts with the first result it accepts. When the sink goes away (its service is
 * unregistered) or the scheduler stops, what is queued is delivered for at most a short grace period and the rest
 * is discarded; no call comes after the unbind returns unless the sink was stuck in a call past that grace.
 * A sink must render each result completely or not at all.
 */
@ConsumerType
public interface Sink {

    /** Service property: the sink's name, which jobs use in their {@code sinks} setting. */
    String NAME = "terrarium.sink.name";

    /** Service property: the sink's type, e.g. {@code netdata}, {@code datakit}, {@code prometheus}, {@code file}. */
    String TYPE = "terrarium.sink.type";

    /**
     * Service property: how many results may wait in this sink's delivery queue (a positive integer) before the
     * oldest are dropped; {@link #DEFAULT_QUEUE} when absent or not a positive number. Set it like any other
     * property of the sink's configuration.
     */
    String QUEUE = "terrarium.sink.queue";

    /**
     * Results a sink's delivery queue holds by default: ten seconds of a thousand jobs, or one tick of ten thousand
     * jobs that update every second.
     */
    int DEFAULT_QUEUE = 10_000;

    /**
     * The name a sink service is known by: its {@link #NAME} property; else the configuration's {@code name}; else
     * the name of its factory configuration (what follows {@code ~} in its {@code service.pid}); else, for a
     * configuration read by Felix FileInstall from {@code <factory pid>-<name>.cfg}, that name; else its PID.
     */
    static String nameOf(java.util.Map<String, ?> properties) {
        for (String key : new String[] {NAME, "name"}) {
            Object value = properties.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        Object pid = properties.get("service.pid");
        if (pid instanceof String text && text.lastIndexOf('~') >= 0) {
            return text.substring(text.lastIndexOf('~') + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        Object factoryPid = properties.get("service.factoryPid");
        if (file != null && factoryPid != null) {
            String base = file.toString().substring(file.toString().lastIndexOf('/') + 1);
            String prefix = factoryPid + "-";
            int dot = base.lastIndexOf('.');
            if (base.startsWith(prefix) && dot > prefix.length()) {
                return base.substring(prefix.length(), dot);
            }
        }
        if (pid instanceof String text && !text.isBlank()) {
            return text;
        }
        Object component = properties.get("component.name");
        return component == null ? "sink" : component.toString();
    }

    /**
     * One job's output of one run, already validated. {@link CollectionResult#charts()} carries the
     * current definition of every chart it updates, so a sink that has not seen a chart yet (or has seen
     * an older definition) can define it first.
     */
    void deliver(CollectionResult result);

    /**
     * Whether this sink takes the result at all; a result it refuses is never queued for it and never delivered to
     * it, so what a sink would ignore costs it no queue space and no delivery call, and a sink that has taken
     * nothing yet has no delivery thread yet. Asked for every validated result before it is queued, on the thread
     * that validated it (the scheduler's or the runner's), concurrently with deliveries and with other calls of
     * itself: it must be quick, must not block and must not change the sink. The default takes everything.
     */
    default boolean accepts(CollectionResult result) {
        return true;
    }

    /**
     * Everything that waited in this sink's delivery queue, in the order it was queued (one tick of every job, or
     * more after the sink was slow); never empty. The default delivers them one by one; a sink that writes to a
     * stream overrides it to write them all at once.
     */
    default void deliver(List<CollectionResult> results) {
        for (CollectionResult result : results) {
            deliver(result);
        }
    }

    /**
     * The scheduler has nothing left to run and nothing waiting for a retry; called after everything queued before
     * it was delivered. The Netdata sink tells the daemon to disable the plugin; most sinks ignore it.
     */
    default void nothingToRun() {
    }

    /** How the sink is doing, for the shell. */
    default SinkStatus status() {
        return SinkStatus.unknown();
    }

    /**
     * What this sink would send for the result, as text (the shell's run-once), without sending it or changing
     * any state; {@code null} when it cannot show it.
     */
    default String preview(CollectionResult result) {
        return null;
    }
}
