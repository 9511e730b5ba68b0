package io.terrarium.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The log formats Netdata 2.x asks its plugins for with {@code NETDATA_LOG_FORMAT} (and {@code NETDATA_LOG_METHOD}),
 * written to stderr as the issue asks: Netdata's {@code logfmt} ({@code time=... comm=... source=collector
 * level=info ... msg="..."}, the field names of Netdata's own logger), the systemd journal's export format
 * ({@code KEY=value} lines, a blank line after each record, a value with a line break in the binary form), and
 * Netdata's {@code json}. The level names are syslog's, as Netdata writes them, and the journal's {@code PRIORITY}
 * is their number.
 *
 * <p>Immutable; {@link #render} is thread-safe.
 */
enum NetdataLogFormat {
    LOGFMT,
    JOURNAL,
    JSON;

    /** Program name for {@code comm} / {@code SYSLOG_IDENTIFIER}. */
    static final String PROGRAM = "terrarium.plugin";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    /** A record's level, with syslog's name and number. */
    enum Level {
        ERROR("error", 3),
        WARNING("warning", 4),
        INFO("info", 6),
        DEBUG("debug", 7);

        final String syslogName;
        final int priority;

        Level(String syslogName, int priority) {
            this.syslogName = syslogName;
            this.priority = priority;
        }
    }

    /**
     * The format the environment asks for: {@code NETDATA_LOG_FORMAT} {@code logfmt}, {@code journal} or
     * {@code json}; else {@code journal} when {@code NETDATA_LOG_METHOD} is {@code journal}. Empty when neither says
     * (1.37 sets none: Terrarium's own lines stay) or for {@code NETDATA_LOG_METHOD=none} (see {@link #silent}).
     */
    static Optional<NetdataLogFormat> of(String method, String format) {
        if (silent(method)) {
            return Optional.empty();
        }
        String asked = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        switch (asked) {
            case "logfmt":
                return Optional.of(LOGFMT);
            case "journal":
                return Optional.of(JOURNAL);
            case "json":
                return Optional.of(JSON);
            default:
                break;
        }
        String via = method == null ? "" : method.strip().toLowerCase(Locale.ROOT);
        return via.equals("journal") ? Optional.of(JOURNAL) : Optional.empty();
    }

    /** {@code NETDATA_LOG_METHOD=none}: Netdata wants no log from the plugin. */
    static boolean silent(String method) {
        return method != null && method.strip().equalsIgnoreCase("none");
    }

    /** One record, complete: a line for logfmt and json, a record and its blank line for the journal. */
    byte[] render(Instant time, ZoneId zone, Level level, String logger, String thread, String message,
            Throwable thrown) {
        String text = thrown == null ? message : message + "\n" + stackTrace(thrown);
        Map<String, String> fields = new LinkedHashMap<>();
        switch (this) {
            case JOURNAL -> {
                fields.put("SYSLOG_IDENTIFIER", PROGRAM);
                fields.put("ND_LOG_SOURCE", "collector");
                fields.put("PRIORITY", Integer.toString(level.priority));
                fields.put("THREAD_TAG", thread);
                fields.put("TERRARIUM_LOGGER", logger);
                fields.put("MESSAGE", text);
                return journal(fields);
            }
            default -> {
                fields.put("time", TIME.format(OffsetDateTime.ofInstant(time, zone)));
                fields.put("comm", PROGRAM);
                fields.put("source", "collector");
                fields.put("level", level.syslogName);
                fields.put("thread", thread);
                fields.put("logger", logger);
                fields.put("msg", text);
                return (this == LOGFMT ? logfmt(fields) : json(fields)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static String logfmt(Map<String, String> fields) {
        StringBuilder line = new StringBuilder();
        fields.forEach((key, value) -> {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(key).append('=');
            if (!value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\'
                    && c < 0x7f)) {
                line.append(value);
            } else {
                line.append('"');
                escape(value, line);
                line.append('"');
            }
        });
        return line.append('\n').toString();
    }

    private static String json(Map<String, String> fields) {
        StringBuilder line = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (line.length() > 1) {
                line.append(',');
            }
            line.append('"').append(key).append("\":\"");
            escape(value, line);
            line.append('"');
        });
        return line.append("}\n").toString();
    }

    /** JSON string escapes, as Netdata's logfmt uses for a quoted value. */
    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /**
     * The journal export format: {@code KEY=value\n}; a value holding a line break as {@code KEY\n}, its length
     * as 64-bit little-endian, the bytes, {@code \n}; then a blank line.
     */
    private static byte[] journal(Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((key, value) -> {
            byte[] name = key.getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(name);
            if (value.indexOf('\n') < 0) {
                out.write('=');
            } else {
                out.write('\n');
                out.writeBytes(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(bytes.length).array());
            }
            out.writeBytes(bytes);
            out.write('\n');
        });
        out.write('\n');
        return out.toByteArray();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
