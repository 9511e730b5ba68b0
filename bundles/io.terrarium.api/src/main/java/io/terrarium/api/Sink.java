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
}
