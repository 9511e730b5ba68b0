package io.terrarium.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a job's recent log: what its module logged, and what the scheduler said about it.
 *
 * @param time    when it was logged
 * @param level   {@code ERROR}, {@code WARN}, {@code INFO} or {@code DEBUG}
 * @param message the text, one line
 */
public record LogLine(Instant time, String level, String message) {

    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
