package io.terrarium.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.terrarium.api.JobKind;

/**
 * How the tables show values. Short and free of spaces, so that a table splits on whitespace; {@code null} for what
 * is unknown, which {@link Table} shows as {@code -}.
 */
final class Cells {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private Cells() {
    }

    /** {@code python.d} or {@code pythond}, as the frameworks call themselves. */
    static String kind(JobKind kind) {
        return kind == null ? null : kind == JobKind.PYTHON_D ? "python.d" : "pythond";
    }

    /** A lower-case word: {@code RUNNING} shows as {@code running}. */
    static String word(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /** Wall-clock time of day in the given zone, {@code HH:mm:ss}. */
    static String time(Instant instant, ZoneId zone) {
        return instant == null ? null : TIME.format(instant.atZone(zone));
    }

    /** Wall-clock time of day with milliseconds, for log lines. */
    static String logTime(Instant instant, ZoneId zone) {
        return LOG_TIME.format(instant.atZone(zone));
    }

    /** A whole number of seconds, {@code 10s}. */
    static String seconds(long seconds) {
        return seconds + "s";
    }

    /** How long something took: {@code 2ms}, {@code 1.5s}, {@code 2m05s}. */
    static String duration(Duration duration) {
        if (duration == null) {
            return null;
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return age(duration);
    }

    /**
     * How long something has been up, in its two largest units: {@code 11s}, {@code 4m05s}, {@code 2h13m},
     * {@code 3d02h}.
     */
    static String age(Duration duration) {
        if (duration == null) {
            return null;
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /**
     * A memory size in binary units: {@code 512B}, {@code 812KiB}, {@code 75.3MiB}, {@code 1.2GiB}; unknown (negative)
     * is {@code null}.
     */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return null;
        }
        if (bytes < 1024) {
            return bytes + "B";
        }
        if (bytes < 1024 * 1024) {
            return bytes / 1024 + "KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fMiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1fGiB", bytes / (1024.0 * 1024 * 1024));
    }

    /**
     * How long a call in progress since {@code since} has lasted, when a second or more ({@code 31s}); a shorter one,
     * or none, is {@code null}: a sink that keeps up is busy for milliseconds at a time.
     */
    static String busy(Instant since, Instant now) {
        if (since == null) {
            return null;
        }
        Duration busy = Duration.between(since, now);
        return busy.compareTo(Duration.ofSeconds(1)) < 0 ? null : age(busy);
    }

    /** A counter; one that is not counted (negative) is {@code null}. */
    static String count(long value) {
        return value < 0 ? null : Long.toString(value);
    }

    /** The sinks a job feeds: {@code all} for the empty list, which means every sink. */
    static String sinks(List<String> names) {
        return names == null || names.isEmpty() ? "all" : String.join(",", names);
    }

    /** A message on one line: line breaks and runs of blanks become one space. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
