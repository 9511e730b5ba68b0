package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the shell's configuration commands share (sinks, git repositories): {@code key=value} arguments, a change
 * applied to a configuration's properties, and the line that says what was set.
 */
final class ConfigurationEdits {

    private ConfigurationEdits() {
    }

    /** Parsed {@code key=value} arguments in order ({@code key=} keeps an empty value: "remove"), or a problem. */
    record Parsed(Map<String, String> values, String problem) {
    }

    /**
     * @param reserved keys that cannot be set (besides {@code service.*} and {@code component.*})
     * @param why      what the operator is told about a reserved key
     */
    static Parsed parse(String command, List<String> settings, List<String> reserved, String why) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            String key = equals < 0 ? "" : setting.substring(0, equals).strip();
            if (key.isEmpty() || key.matches(".*\\s.*")) {
                return new Parsed(null, command + ": not key=value: " + setting);
            }
            if (reserved.contains(key) || key.startsWith("service.") || key.startsWith("component.")) {
                return new Parsed(null, command + ": " + key + " cannot be set: " + why);
            }
            values.put(key, setting.substring(equals + 1));
        }
        return new Parsed(values, null);
    }

    /** A configuration's own properties without those ConfigurationAdmin manages. */
    static Hashtable<String, Object> own(Dictionary<String, Object> current) {
        Hashtable<String, Object> next = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                if (!key.equals("service.pid") && !key.equals("service.factoryPid")
                        && !key.equals("service.bundleLocation")) {
                    next.put(key, current.get(key));
                }
            }
        }
        return next;
    }

    /** Applies parsed values to {@code next} (an empty value removes the key); returns what changed. */
    static Map<String, String> apply(Map<String, String> values, Hashtable<String, Object> next) {
        Map<String, String> applied = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value.isEmpty()) {
                if (next.remove(key) != null) {
                    applied.put(key, value);
                }
            } else if (!value.equals(String.valueOf(next.get(key)))) {
                next.put(key, value);
                applied.put(key, value);
            }
        });
        return applied;
    }

    /** {@code "a=1, removed b"}, or an empty string. */
    static String describe(Map<String, String> values, boolean skipEmpty) {
        List<String> parts = new ArrayList<>();
        values.forEach((key, value) -> {
            if (!value.isEmpty()) {
                parts.add(key + "=" + value);
            } else if (!skipEmpty) {
                parts.add("removed " + key);
            }
        });
        return String.join(", ", parts);
    }
}
