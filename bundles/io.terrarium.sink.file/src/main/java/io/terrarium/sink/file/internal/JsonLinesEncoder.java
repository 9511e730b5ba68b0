package io.terrarium.sink.file.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;

/**
 * Renders a result as JSON lines, UTF-8, one object per line, each ending with {@code \n}: a line per chart update,
 * per retired chart and per DataKit point, in that order (the schema is in the bundle's README).
 *
 * <p>Integers keep every digit (a {@link BigInteger} too); a NaN or infinite float becomes the string
 * {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}. Control characters are escaped, and so are the other
 * characters some line splitters break on (U+0085, U+2028, U+2029), so a line is a line for every reader.
 * Stateless and thread-safe.
 */
final class JsonLinesEncoder {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // JsonFactory is thread-safe once configured
    private static final JsonFactory JSON = new JsonFactoryBuilder().characterEscapes(new LineSafeEscapes())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** The lines of one result, ready to append. */
    record Lines(byte[] bytes, int count) {
        static final Lines NONE = new Lines(new byte[0], 0);
    }

    Lines encode(CollectionResult result, Set<LineKind> kinds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int count = 0;
        try {
            Common common = Common.of(result);
            if (kinds.contains(LineKind.CHART)) {
                for (ChartUpdate update : result.charts()) {
                    line(out, g -> chart(g, common, update));
                    count++;
                }
            }
            if (kinds.contains(LineKind.OBSOLETE)) {
                for (Chart chart : result.retired()) {
                    line(out, g -> obsolete(g, common, chart));
                    count++;
                }
            }
            if (kinds.contains(LineKind.POINT)) {
                for (PointBatch batch : result.batches()) {
                    for (Point point : batch.points()) {
                        line(out, g -> point(g, common, batch, point));
                        count++;
                    }
                }
            }
        } catch (IOException e) {
            // only a bug can get here: the target is memory
            throw new UncheckedIOException(e);
        }
        return count == 0 ? Lines.NONE : new Lines(out.toByteArray(), count);
    }

    // ---- the three kinds of line ----

    private static void chart(JsonGenerator g, Common common, ChartUpdate update) throws IOException {
        Chart chart = update.chart();
        common.write(g, LineKind.CHART);
        g.writeStringField("chart", chart.fullId());
        g.writeStringField("context", chart.context());
        g.writeStringField("title", chart.title());
        g.writeStringField("units", chart.units());
        g.writeStringField("family", chart.family());
        g.writeStringField("chart_type", chart.chartType());
        g.writeNumberField("update_every", chart.updateEvery());

        g.writeObjectFieldStart("values");
        for (Map.Entry<String, Number> value : values(update).entrySet()) {
            g.writeFieldName(text(value.getKey()));
            number(g, value.getValue());
        }
        g.writeEndObject();

        // raw values mean little without these: shown value = raw * multiplier / divisor, per algorithm
        g.writeObjectFieldStart("dimensions");
        for (Dimension dimension : chart.dimensions()) {
            g.writeObjectFieldStart(text(dimension.id()));
            g.writeStringField("name", dimension.name());
            g.writeStringField("algorithm", dimension.algorithm());
            g.writeNumberField("multiplier", dimension.multiplier());
            g.writeNumberField("divisor", dimension.divisor());
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("variables");
        for (DimensionValue variable : update.variables()) {
            g.writeFieldName(text(variable.id()));
            number(g, variable.value());
        }
        g.writeEndObject();

        g.writeObjectFieldStart("labels");
        for (ChartLabel label : chart.labels()) {
            g.writeStringField(text(label.name()), label.value());
        }
        g.writeEndObject();
    }

    /**
     * Every dimension of the definition, in its order, with its value or {@code null} when the run set none (an
     * empty SET); then any value for an id the definition lacks. A repeated id keeps its last value, as Netdata does.
     */
    private static Map<String, Number> values(ChartUpdate update) {
        Map<String, Number> given = new LinkedHashMap<>();
        for (DimensionValue value : update.values()) {
            given.put(text(value.id()), value.value());
        }
        Map<String, Number> values = new LinkedHashMap<>();
        for (Dimension dimension : update.chart().dimensions()) {
            String id = text(dimension.id());
            values.put(id, given.remove(id));
        }
        values.putAll(given);
        return values;
    }

    private static void obsolete(JsonGenerator g, Common common, Chart chart) throws IOException {
        common.write(g, LineKind.OBSOLETE);
        g.writeStringField("chart", chart.fullId());
        g.writeStringField("context", chart.context());
    }

    private static void point(JsonGenerator g, Common common, PointBatch batch, Point point) throws IOException {
        common.write(g, LineKind.POINT);
        g.writeStringField("category", batch.category() == null ? null : batch.category().path());
        g.writeStringField("input", batch.input());
        g.writeStringField("measurement", point.measurement());
        g.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            g.writeStringField(text(tag.getKey()), tag.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("fields");
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            g.writeFieldName(text(field.getKey()));
            value(g, field.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("time_ns", point.timeNanos());
    }

    // ---- values ----

    private static void value(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Number number) {
            number(g, number);
        } else if (value instanceof Boolean flag) {
            g.writeBoolean(flag);
        } else {
            g.writeString(value.toString());
        }
    }

    private static void number(JsonGenerator g, Number value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(value.longValue());
        } else if (value instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            g.writeNumber(decimal);
        } else if (value instanceof Double || value instanceof Float) {
            double number = value.doubleValue();
            if (Double.isNaN(number)) {
                g.writeString("NaN");
            } else if (Double.isInfinite(number)) {
                g.writeString(number > 0 ? "Infinity" : "-Infinity");
            } else if (value instanceof Float single) {
                g.writeNumber(single.floatValue());
            } else {
                g.writeNumber(number);
            }
        } else {
            // an AtomicLong or another Number: its text is its exact value when it is a number at all
            try {
                g.writeNumber(new BigDecimal(value.toString()));
            } catch (NumberFormatException e) {
                g.writeString(value.toString());
            }
        }
    }

    private static String text(String key) {
        return key == null ? "" : key;
    }

    private interface LineWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static void line(ByteArrayOutputStream out, LineWriter body) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** The fields every line starts with. */
    private record Common(String time, long ts, String job, String module, String jobName) {

        static Common of(CollectionResult result) {
            Instant time = result.time() == null ? Instant.EPOCH : result.time();
            return new Common(TIME.format(time), time.toEpochMilli(), result.job().toString(), result.job().module(),
                    result.fullName());
        }

        void write(JsonGenerator g, LineKind kind) throws IOException {
            g.writeStringField("time", time);
            g.writeNumberField("ts", ts);
            g.writeStringField("job", job);
            g.writeStringField("module", module);
            g.writeStringField("job_name", jobName);
            g.writeStringField("kind", kind.word());
        }
    }

    /**
     * JSON's own escapes, plus the three non-ASCII characters that {@code str.splitlines()} and some log shippers
     * treat as line ends. (Jackson's UTF-8 writer already writes every surrogate as a {@code \}{@code u} escape, so a
     * lone one cannot make the bytes invalid UTF-8.)
     */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x85 -> new SerializedString("\\u0085");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
