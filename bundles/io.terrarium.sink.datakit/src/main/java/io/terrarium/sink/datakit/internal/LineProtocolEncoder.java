package io.terrarium.sink.datakit.internal;

import java.math.BigInteger;
import java.util.Map;

import io.terrarium.api.data.Point;

/**
 * Writes points as InfluxDB 1.x line protocol, the dialect DataKit parses ({@code measurement,tag=v field=1i
 * 1700000000000000000}), with explicit nanosecond timestamps. Stateless and thread-safe.
 *
 * <p>Escaping, as influxd 1.x and DataKit read it: a measurement escapes commas and spaces; tag keys and values
 * escape commas, equals signs and spaces; field keys those and double quotes; a string field value is
 * double-quoted with its double quotes and backslashes escaped, and may hold newlines. Any other backslash is
 * literal. Integers get the {@code i} suffix; floats are written so they parse back to the same double; NaN and
 * infinities are never written. A tag with an empty value is left out: line protocol has none, and a tag without a
 * value is no tag.
 *
 * <p>What the format cannot carry is refused with {@link UnwritablePointException} rather than changed (each case
 * found by writing to influxd and reading back):
 * <ul>
 * <li>a measurement, key or tag value that ends with a backslash (it escapes the separator after it) or holds a
 * newline or carriage return (they end the line);</li>
 * <li>a measurement that starts with {@code #} (a comment), with a tab or NUL (skipped as white space), or has a
 * backslash before a comma, space, equals sign or double quote;</li>
 * <li>a field key with an odd run of backslashes before a comma, space or equals sign;</li>
 * <li>a point whose every field key starts with a tab or NUL (skipped before the first field; when some key does
 * not, that one is written first).</li>
 * </ul>
 */
final class LineProtocolEncoder {

    /**
     * Appends {@code point} as one line, newline included. Appends nothing when the point is refused.
     *
     * @throws UnwritablePointException when the point cannot be written exactly
     */
    void append(Point point, StringBuilder out) {
        int start = out.length();
        try {
            appendPoint(point, out);
        } catch (UnwritablePointException e) {
            out.setLength(start);
            throw e;
        }
    }

    private static void appendPoint(Point point, StringBuilder out) {
        String measurement = point.measurement();
        checkName("measurement", measurement);
        if (measurement.charAt(0) == '#') {
            throw new UnwritablePointException("the measurement starts with '#', which makes the line a comment");
        }
        if (skipped(measurement)) {
            throw new UnwritablePointException("the measurement starts with a tab or NUL, which the parser skips");
        }
        checkMeasurement(measurement);
        escape(measurement, out, MEASUREMENT);
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            String value = tag.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            checkName("tag key", tag.getKey());
            checkName("value of tag " + tag.getKey(), value);
            out.append(',');
            escape(tag.getKey(), out, TAG);
            out.append('=');
            escape(value, out, TAG);
        }
        if (point.fields().isEmpty()) {
            throw new UnwritablePointException("the point has no fields");
        }
        // the parser skips tabs and NULs before the first field key: lead with a key that has none
        Map.Entry<String, Object> first = null;
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            checkName("field key", field.getKey());
            checkFieldKey(field.getKey());
            if (first == null && !skipped(field.getKey())) {
                first = field;
            }
        }
        if (first == null) {
            throw new UnwritablePointException("every field key starts with a tab or NUL, which the parser skips "
                    + "before the first one");
        }
        appendField(first, ' ', out);
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            if (!field.getKey().equals(first.getKey())) {
                appendField(field, ',', out);
            }
        }
        out.append(' ').append(point.timeNanos()).append('\n');
    }

    private static void appendField(Map.Entry<String, Object> field, char separator, StringBuilder out) {
        out.append(separator);
        escape(field.getKey(), out, FIELD_KEY);
        out.append('=');
        appendValue(field.getKey(), field.getValue(), out);
    }

    private static boolean skipped(String name) {
        char c = name.charAt(0);
        return c == '\t' || c == '\0';
    }

    private static void appendValue(String key, Object value, StringBuilder out) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue()).append('i');
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new UnwritablePointException("field " + key + " is " + number);
            }
            // Double.toString gives the digits that read back as exactly this double; influxd takes its E form
            out.append(Double.toString(number));
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof String) {
            appendString((String) value, out);
        } else if (value instanceof BigInteger && ((BigInteger) value).bitLength() < 64) {
            out.append(((BigInteger) value).longValue()).append('i');
        } else {
            throw new UnwritablePointException("field " + key + " has a value line protocol cannot carry: "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
    }

    private static void appendString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static void checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new UnwritablePointException("the " + what + " is empty");
        }
        if (name.charAt(name.length() - 1) == '\\') {
            throw new UnwritablePointException("the " + what + " ends with a backslash, which would escape the "
                    + "separator after it");
        }
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new UnwritablePointException("the " + what + " holds a line break");
        }
    }

    /**
     * influxd 1.x keeps a measurement escaped inside its series keys and reads a backslash there before a comma,
     * space, equals sign or double quote as an escape when it takes the name back out, so such a measurement does
     * not come back as written.
     */
    private static void checkMeasurement(String measurement) {
        for (int i = 0; i < measurement.length() - 1; i++) {
            char next = measurement.charAt(i + 1);
            if (measurement.charAt(i) == '\\' && (next == ',' || next == ' ' || next == '=' || next == '"')) {
                throw new UnwritablePointException("the measurement has a backslash before '" + next
                        + "', which line protocol cannot carry there");
            }
        }
    }

    /**
     * influxd 1.x reads the field part pairing every backslash with the character after it, but unescapes only a
     * backslash before a comma, space, equals sign or double quote. So a field key where an odd run of backslashes
     * stands before a comma, space or equals sign has no spelling that reads back as itself.
     */
    private static void checkFieldKey(String key) {
        int run = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                run++;
                continue;
            }
            if (run % 2 == 1 && (c == ',' || c == ' ' || c == '=')) {
                throw new UnwritablePointException("the field key has a backslash before '" + c
                        + "', which line protocol cannot carry there");
            }
            run = 0;
        }
    }

    private static final String MEASUREMENT = ", ";
    private static final String TAG = ", =";
    private static final String FIELD_KEY = ", =\"";

    // A backslash before each special character; other backslashes stay as they are.
    private static void escape(String text, StringBuilder out, String special) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (special.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
