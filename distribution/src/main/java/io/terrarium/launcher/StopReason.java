package io.terrarium.launcher;

import java.time.Duration;

/** Why the container stops, and how long the framework may take to stop before the JVM is halted. */
enum StopReason {
    SIGNAL("terminated by a signal", Duration.ofSeconds(3)),
    INPUT_ENDED("standard input ended", Duration.ofSeconds(3)),
    OUTPUT_CLOSED("the Netdata sink closed its output", Duration.ofSeconds(3)),
    // Netdata 2.x stopping the plugin: every process gone within a second, as when its pipe breaks
    QUIT("Netdata asked it to quit (QUIT on stdin)", Duration.ofMillis(900)),
    DEBUG_FINISHED("the debug run finished", Duration.ofSeconds(3)),
    // Netdata has gone away: python.d.plugin's users expect the plugin and its workers gone within a second
    OUTPUT_BROKEN("nobody reads stdout any more", Duration.ofMillis(900));

    private final String description;
    private final Duration bound;

    StopReason(String description, Duration bound) {
        this.description = description;
        this.bound = bound;
    }

    String description() {
        return description;
    }

    Duration bound() {
        return bound;
    }
}
