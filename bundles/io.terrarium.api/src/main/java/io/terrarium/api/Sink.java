package io.terrarium.api;

import io.terrarium.api.data.CollectionResult;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An output: receives what jobs collect. Register any number of them as services; the scheduler delivers
 * to every sink registered at the moment of delivery (a sink that appears receives from the next tick on,
 * one that goes away receives nothing more). Register with the {@link #NAME} property so jobs can name it.
 *
 * <p>Threading: {@link #deliver} is called from scheduler threads, concurrently for different jobs, and
 * in order for one job. It must not block for long: a sink that talks to a slow peer queues and returns.
 * A sink must render each result completely or not at all.
 */
@ConsumerType
public interface Sink {

    /** Service property: the sink's name, which jobs use in their {@code sinks} setting. */
    String NAME = "terrarium.sink.name";

    /** Service property: the sink's type, e.g. {@code netdata}, {@code datakit}, {@code prometheus}, {@code file}. */
    String TYPE = "terrarium.sink.type";

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
     * The scheduler has nothing left to run and nothing waiting for a retry. The Netdata sink tells the
     * daemon to disable the plugin; most sinks ignore it.
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
