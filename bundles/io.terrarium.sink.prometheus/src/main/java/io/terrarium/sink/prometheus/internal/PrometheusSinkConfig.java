package io.terrarium.sink.prometheus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium Prometheus sink",
        description = "Serves the latest collected values over HTTP in Prometheus' text exposition format 0.0.4; "
                + "one instance per factory configuration (io.terrarium.sink.prometheus~<name>)")
@interface PrometheusSinkConfig {

    @AttributeDefinition(required = false, description = "The sink's name, as jobs' sinks settings name it; "
            + "default: what follows ~ in the factory configuration's PID")
    String name() default "";

    @AttributeDefinition(description = "host:port to listen on ([v6]:port for IPv6; port 0 picks a free one). "
            + "Anything but a loopback address exposes the collected data to the network")
    String address() default "127.0.0.1:9464";

    @AttributeDefinition(description = "URL path of the metrics")
    String path() default "/metrics";

    @AttributeDefinition(description = "A series not updated for this many seconds disappears (python.d charts: "
            + "at least two of their update intervals); 0 keeps series until their chart is retired")
    long expireSeconds() default 300;

    @AttributeDefinition(description = "Prefix of the metric names of python.d charts "
            + "(letters, digits, underscores; not starting with a digit)")
    String metricPrefix() default "terrarium_";

    @AttributeDefinition(description = "The dimension label of python.d charts holds the dimension's id instead of "
            + "its name (ids do not change when a module renames a dimension)")
    boolean dimensionIds() default false;

    @AttributeDefinition(description = "DataKit point categories served (metric, object, custom_object, logging, "
            + "...); series of other categories than metric carry a category label")
    String[] pointCategories() default { "metric" };

    @AttributeDefinition(description = "Most series held; new series beyond it are dropped and counted "
            + "(protects memory from runaway tag values); 0 = no limit")
    int maxSeries() default 100_000;
}
