package io.terrarium.runner.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/**
 * Turns a collect reply's {@code batches} (docs/worker-protocol.md) into {@link PointBatch}es. JSON keeps
 * integers and floats apart, so field types survive: integers become {@link Long} (a {@link java.math.BigInteger}
 * beyond 64 bits, for validation to refuse), floats {@link Double}, booleans and strings themselves.
 */
final class PointDecoder {

    private PointDecoder() {
    }

    static List<PointBatch> batches(JsonNode batches) {
        if (batches == null || batches.isEmpty()) {
            return List.of();
        }
        List<PointBatch> decoded = new ArrayList<>(batches.size());
        for (JsonNode batch : batches) {
            PointCategory category = PointCategory.ofPath(batch.path("category").asText());
            if (category == null) {
                throw new IllegalStateException("unknown DataKit category '" + batch.path("category").asText() + "'");
            }
            List<Point> points = new ArrayList<>(batch.path("points").size());
            for (JsonNode point : batch.path("points")) {
                JsonNode time = point.path("time");
                // a time beyond 64 bits of nanoseconds stays recognisable (negative) for validation to refuse
                long nanos = time.canConvertToLong() ? time.longValue() : Long.MIN_VALUE;
                points.add(new Point(text(point.get("measurement")), tags(point.path("tags")),
                        fields(point.path("fields")), nanos));
            }
            JsonNode destination = batch.get("destination");
            decoded.add(new PointBatch(category, batch.path("input").asText(),
                    batch.path("ignore_global_tags").asBoolean(false),
                    destination == null || destination.isNull() ? null : destination.asText(), points));
        }
        return decoded;
    }

    /** Text, or the empty string for a missing or null value (validation refuses an empty measurement). */
    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> tag = it.next();
            // None stays null (validation names it); anything else not text is kept as its JSON text
            map.put(tag.getKey(), tag.getValue().isNull() ? null
                    : tag.getValue().isTextual() ? tag.getValue().asText() : tag.getValue().toString());
        }
        return map;
    }

    private static Map<String, Object> fields(JsonNode fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            map.put(field.getKey(), value(field.getValue()));
        }
        return map;
    }

    private static Object value(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isFloatingPointNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        // what no field may hold stays recognisable for validation to refuse: None as null, lists, dicts
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isObject()) {
            return fields(node);
        }
        return null;
    }
}
