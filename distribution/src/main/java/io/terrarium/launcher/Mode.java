package io.terrarium.launcher;

/** How the container runs; published as the framework property {@code terrarium.mode}. */
enum Mode {
    /** Gogo on the console: interactive on a terminal, commands read from stdin when it is piped. */
    SHELL("shell"),
    /** No console; runs until SIGTERM. */
    HEADLESS("headless"),
    /** Netdata external plugin: stdout carries the Netdata protocol only. */
    PLUGIN("plugin");

    private final String property;

    Mode(String property) {
        this.property = property;
    }

    /** The value of {@code terrarium.mode}. */
    String property() {
        return property;
    }
}
