package io.terrarium.sink.datakit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium DataKit sink",
        description = "Writes points to DataKit's HTTP API (POST /v1/write/<category>, line protocol), in batches, "
                + "with retries and a bounded disk spool while DataKit is unreachable")
@interface DataKitSinkConfig {

    @AttributeDefinition(description = "DataKit's address; a script that names another address (ip/port) is sent there")
    String url() default "http://127.0.0.1:9529";

    @AttributeDefinition(description = "A batch is sent once it holds this many points")
    int batchMaxPoints() default 1000;

    @AttributeDefinition(description = "A batch is sent before its body would grow past this many bytes")
    int batchMaxBytes() default 1_048_576;

    @AttributeDefinition(description = "A batch is sent at the latest this many milliseconds after its first point")
    long flushIntervalMillis() default 1000;

    @AttributeDefinition(description = "Connect timeout (milliseconds)")
    long connectTimeoutMillis() default 3000;

    @AttributeDefinition(description = "Timeout of one request, from sending to the response (milliseconds)")
    long requestTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "Retries of a batch after a connection error, a timeout, a 5xx, 408 or 429, "
            + "before DataKit counts as unreachable and batches go to the spool")
    int retries() default 3;

    @AttributeDefinition(description = "First retry delay (milliseconds); doubles per retry, with jitter")
    long retryInitialMillis() default 500;

    @AttributeDefinition(description = "Longest retry delay (milliseconds)")
    long retryMaxMillis() default 30_000;

    @AttributeDefinition(description = "How often an unreachable DataKit is probed with GET /v1/ping (milliseconds)")
    long pingIntervalMillis() default 5000;

    @AttributeDefinition(description = "Sealed batches kept in memory per destination before the oldest go to "
            + "the spool (bytes)")
    long queueMaxBytes() default 16_777_216;

    @AttributeDefinition(description = "Disk spool limit per destination (bytes); when full, the oldest points are "
            + "dropped and counted")
    long spoolMaxBytes() default 67_108_864;

    @AttributeDefinition(description = "On deactivation, how long queued batches may take to send before the rest "
            + "is spooled (milliseconds)")
    long shutdownTimeoutMillis() default 5000;

    // Off by default: a python.d plugin under Netdata with no DataKit around would otherwise spool every chart to
    // disk. DataKit scripts' own records always go to DataKit, as under DataKit.
    @AttributeDefinition(description = "Also write python.d charts, one metric point per chart update "
            + "(measurement = context, or type; tags module, job, chart; a field per dimension)")
    boolean routeCharts() default false;
}
