package io.terrarium.sink.datakit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.terrarium.api.data.Point;

/**
 * Writes a point as DataKit's JSON write body takes it (what the pythond SDK posts: an array of
 * {@code {"measurement", "tags", "fields", "time"}}), for the points line protocol cannot carry
 * ({@link LineProtocolEncoder}): names and tag values that end with a backslash, hold a line break, start with
 * {@code #}, a tab or NUL, and the like. JSON carries any text. Stateless and thread-safe.
 *
 * <p>What DataKit cannot store whatever the encoding is refused with {@link UnwritablePointException}: an empty
 * measurement, a point without fields, NaN and infinities, and values that are not integers of 64 bits, floats,
 * booleans or strings. DataKit reads JSON numbers as floats (REFERENCE.md), so an integer field of such a point is
 * stored as a float, as it is for every point the SDK sends.
 */
final class JsonPointEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    /** One array element, without separator. */
    byte[] encode(Point point) {
        check(point);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("measurement", point.measurement());
            json.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> tag : point.tags().entrySet()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("fields");
            for (Map.Entry<String, Object> field : point.fields().entrySet()) {
                json.writeFieldName(field.getKey());
                writeValue(json, field.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("time", point.timeNanos());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void check(Point point) {
        if (point.measurement() == null || point.measurement().isEmpty()) {
            throw new UnwritablePointException("the measurement is empty");
        }
        if (point.fields().isEmpty()) {
            throw new UnwritablePointException("the point has no fields");
        }
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            if (tag.getKey() == null || tag.getKey().isEmpty() || tag.getValue() == null) {
                throw new UnwritablePointException("a tag has no key or no value");
            }
        }
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            if (field.getKey() == null || field.getKey().isEmpty()) {
                throw new UnwritablePointException("a field key is empty");
            }
            Object value = field.getValue();
            boolean scalar = value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof Boolean || value instanceof String
                    || (value instanceof BigInteger big && big.bitLength() < 64);
            if (value instanceof Double || value instanceof Float) {
                double number = ((Number) value).doubleValue();
                if (Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new UnwritablePointException("field " + field.getKey() + " is " + number);
                }
                scalar = true;
            }
            if (!scalar) {
                throw new UnwritablePointException("field " + field.getKey() + " has a value DataKit cannot store: "
                        + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
            }
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big.longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            json.writeString((String) value);
        }
    }
}
