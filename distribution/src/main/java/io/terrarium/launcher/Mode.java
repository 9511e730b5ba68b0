package io.terrarium.launcher;

/** How the container runs; published as the framework property {@code terrarium.mode}. */
enum Mode {
    /** Gogo on the console: interactive on a terminal, commands read from stdin when it is piped. */
    SHELL("shell"),
    /** No console; runs until SIGTERM. */
    HEADLESS("headless"),
    /** Netdata external plugin: stdout carries the Netdata protocol only. */
    PLUGIN("plugin"),
    /** A few runs of one module's jobs, as in plugin mode, then a summary and an exit status. */
    DEBUG("debug");

    private final String property;

    Mode(String property) {
        this.property = property;
    }

    /** Whether stdout carries Netdata's protocol and the NETDATA_* environment counts, as in python.d.plugin. */
    boolean speaksNetdata() {
        return this == PLUGIN || this == DEBUG;
    }

    /** The value of {@code terrarium.mode}. */
    String property() {
        return property;
    }
}
