package io.terrarium.api;

/** Which framework a collector module is written against. */
public enum JobKind {
    /** A Netdata python.d module ({@code <module>.chart.py} with a {@code Service} class). */
    PYTHON_D,
    /** A DataKit pythond script (classes inheriting {@code DataKitFramework}). */
    DATAKIT
}
