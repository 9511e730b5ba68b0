package io.terrarium.sink.prometheus.internal;

/**
 * One series' latest sample, ready to write.
 *
 * @param metric       the metric name (valid)
 * @param type         its family's type
 * @param help         its family's {@code # HELP} text, unescaped
 * @param labels       its labels
 * @param value        the value as the text format writes it
 * @param updatedNanos when it was last updated ({@link System#nanoTime()} scale)
 * @param ttlNanos     how long it lives without an update; 0 = until removed
 */
record Series(String metric, MetricType type, String help, Labels labels, String value, long updatedNanos,
        long ttlNanos) {

    /** Identity: metric name and label pairs. */
    String key() {
        return metric + '\0' + labels.key();
    }

    boolean expired(long nowNanos) {
        return ttlNanos > 0 && nowNanos - updatedNanos >= ttlNanos;
    }
}
