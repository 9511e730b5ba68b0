package io.terrarium.sink.prometheus.internal;

/** A metric family's {@code # TYPE}, as the text format spells it. */
enum MetricType {
    GAUGE("gauge"),
    COUNTER("counter"),
    /** No claim either way: DataKit fields, and names two sources claim with different types. */
    UNTYPED("untyped");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
