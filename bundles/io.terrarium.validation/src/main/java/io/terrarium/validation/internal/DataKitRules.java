package io.terrarium.validation.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.terrarium.api.data.Point;

/**
 * The rules a DataKit point must keep, and those of the keyevent table of DataKit's pythond documentation. Each
 * check returns the problems found: an {@link Problem#error() error} always refuses the point, a warning refuses it
 * only in strict mode (DataKit itself would correct it: truncate, trim, clamp).
 */
final class DataKitRules {

    /** DataKit's limits (REFERENCE.md): past them it trims or truncates. */
    static final int MAX_TAGS = 256;
    static final int MAX_FIELDS = 1024;
    static final int MAX_KEY_BYTES = 256;
    static final int MAX_TAG_VALUE_BYTES = 1024;

    static final Set<String> SOURCES = Set.of("system", "monitor", "user");
    static final Set<String> STATUSES = Set.of("ok", "info", "warning", "error", "critical", "nodata");

    private static final ObjectMapper JSON = new ObjectMapper();

    record Problem(String rule, boolean error) {
    }

    private DataKitRules() {
    }

    static List<Problem> point(Point point) {
        List<Problem> problems = new ArrayList<>();
        if (point.measurement() == null || point.measurement().isEmpty()) {
            problems.add(error("the measurement must not be empty"));
        } else if (hasLineBreak(point.measurement())) {
            problems.add(error("the measurement must not contain a line break"));
        }
        // what line protocol cannot carry (a trailing backslash, a leading '#', a line break in a tag value) is no
        // rule: the DataKit sink sends such a point as JSON
        if (point.timeNanos() < 0) {
            problems.add(error("the time is out of range (before 1970, or beyond what 64 bits of nanoseconds hold)"));
        }
        if (point.fields().isEmpty()) {
            problems.add(error("a point needs at least one field"));
        }
        if (point.tags().size() > MAX_TAGS) {
            problems.add(warning("more than " + MAX_TAGS + " tags (" + point.tags().size() + ")"));
        }
        if (point.fields().size() > MAX_FIELDS) {
            problems.add(warning("more than " + MAX_FIELDS + " fields (" + point.fields().size() + ")"));
        }
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            key("tag", tag.getKey(), problems);
            if (tag.getValue() == null) {
                problems.add(error("tag '" + tag.getKey() + "' has no value"));
            } else if (bytes(tag.getValue()) > MAX_TAG_VALUE_BYTES) {
                problems.add(warning("tag '" + tag.getKey() + "' is longer than " + MAX_TAG_VALUE_BYTES + " bytes"));
            }
            if (point.fields().containsKey(tag.getKey())) {
                problems.add(error("'" + tag.getKey() + "' is both a tag and a field"));
            }
        }
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            key("field", field.getKey(), problems);
            fieldValue(field.getKey(), field.getValue(), problems);
        }
        return problems;
    }

    private static void key(String kind, String key, List<Problem> problems) {
        if (key == null || key.isEmpty()) {
            problems.add(error("a " + kind + " key must not be empty"));
        } else if (hasLineBreak(key)) {
            problems.add(warning(kind + " key '" + printable(key) + "' contains a line break (DataKit makes it a space)"));
        } else if (bytes(key) > MAX_KEY_BYTES) {
            problems.add(warning(kind + " key '" + key.substring(0, 32) + "...' is longer than " + MAX_KEY_BYTES
                    + " bytes"));
        }
    }

    private static void fieldValue(String key, Object value, List<Problem> problems) {
        if (value instanceof Long || value instanceof Boolean || value instanceof String) {
            return;
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                problems.add(error("field '" + key + "' is " + number + ", which DataKit cannot store"));
            }
            return;
        }
        String type = value == null ? "None" : value instanceof List ? "a list" : value instanceof Map ? "a dict"
                : value instanceof Number ? "an integer beyond 64 bits" : value.getClass().getSimpleName();
        problems.add(error("field '" + key + "' is " + type + "; fields are integers, floats, booleans or strings"));
    }

    /** The keyevent table of DataKit's pythond documentation. */
    static List<Problem> event(Point point) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> fields = point.fields();
        Object range = fields.get("df_date_range");
        if (range == null) {
            problems.add(error("df_date_range is required"));
        } else if (!(range instanceof Long seconds) || seconds <= 0) {
            problems.add(error("df_date_range must be a whole number of seconds above 0, not " + describe(range)));
        }
        String source = text(fields.get("df_source"));
        if (source == null) {
            problems.add(error("df_source is required (system, monitor or user)"));
        } else if (!SOURCES.contains(source)) {
            problems.add(error("df_source must be system, monitor or user, not '" + source + "'"));
        }
        String status = text(fields.get("df_status"));
        if (status == null) {
            problems.add(error("df_status is required (ok, info, warning, error, critical or nodata)"));
        } else if (!STATUSES.contains(status)) {
            problems.add(error("df_status must be ok, info, warning, error, critical or nodata, not '" + status + "'"));
        }
        requiredText(fields, "df_event_id", problems);
        requiredText(fields, "df_title", problems);
        if (fields.containsKey("df_message") && !(fields.get("df_message") instanceof String)) {
            problems.add(warning("df_message should be a string, not " + describe(fields.get("df_message"))));
        }
        if ("monitor".equals(source)) {
            Object dimensions = fields.get("df_dimension_tags");
            if (dimensions == null) {
                problems.add(error("df_dimension_tags is required for a monitor event"));
            } else if (!isJsonObject(dimensions)) {
                problems.add(error("df_dimension_tags must be a JSON object in a string, like '{\"host\":\"web01\"}', not "
                        + describe(dimensions)));
            }
        }
        if ("user".equals(source)) {
            requiredText(fields, "df_user_id", problems);
        }
        return problems;
    }

    private static void requiredText(Map<String, Object> fields, String key, List<Problem> problems) {
        Object value = fields.get(key);
        if (!(value instanceof String text) || text.isEmpty()) {
            problems.add(error(key + " is required and must be a non-empty string"
                    + (value == null ? "" : ", not " + describe(value))));
        }
    }

    private static boolean isJsonObject(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isEmpty() ? text : null;
    }

    private static String describe(Object value) {
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        return value == null ? "None" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String printable(String text) {
        return text.replace("\n", "\\n").replace("\r", "\\r");
    }

    private static Problem error(String rule) {
        return new Problem(rule, true);
    }

    private static Problem warning(String rule) {
        return new Problem(rule, false);
    }
}
