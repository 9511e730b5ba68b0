package io.terrarium.sink.datakit.internal;

import java.net.URI;
import java.time.Duration;

/**
 * The sink's tunables, checked and in the units the code uses. Immutable; {@code @Modified} swaps the
 * whole instance, and every loop reads the current one each time round.
 */
record SinkSettings(
        URI url,
        int batchMaxPoints,
        int batchMaxBytes,
        Duration flushInterval,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        Duration retryInitial,
        Duration retryMax,
        Duration pingInterval,
        long queueMaxBytes,
        long spoolMaxBytes,
        Duration shutdownTimeout,
        boolean routeCharts) {

    static SinkSettings of(DataKitSinkConfig config) {
        return new SinkSettings(
                DataKitClient.baseUrl(config.url()),
                Math.max(1, config.batchMaxPoints()),
                Math.max(1, config.batchMaxBytes()),
                millis(config.flushIntervalMillis(), 1),
                millis(config.connectTimeoutMillis(), 1),
                millis(config.requestTimeoutMillis(), 1),
                Math.max(0, config.retries()),
                millis(config.retryInitialMillis(), 1),
                millis(Math.max(config.retryMaxMillis(), config.retryInitialMillis()), 1),
                millis(config.pingIntervalMillis(), 1),
                Math.max(0, config.queueMaxBytes()),
                Math.max(0, config.spoolMaxBytes()),
                millis(config.shutdownTimeoutMillis(), 0),
                config.routeCharts());
    }

    private static Duration millis(long value, long min) {
        return Duration.ofMillis(Math.max(min, value));
    }
}
