package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Terrarium-Collector} manifest header: it marks a bundle as a collector bundle and says where, inside
 * the jar, its python.d modules and its configuration are. Syntax: {@code ;}-separated {@code key=value}
 * attributes, values optionally in double quotes, both optional; the first clause may also be the modules folder
 * alone, as OSGi headers put their main value first:
 *
 * <pre>
 * Terrarium-Collector: modules=python.d;config=conf.d
 * Terrarium-Collector: python.d;config=conf.d
 * </pre>
 *
 * An empty value means the defaults. A folder is a relative path inside the jar ({@code a/b}, a trailing
 * {@code /} is ignored) without {@code .} or {@code ..} parts; an unknown attribute is an error, so a typo does
 * not silently fall back to a default.
 *
 * @param modules the folder holding {@code <module>.chart.py} files and DataKit script packages
 * @param config  the folder holding {@code python.d.conf}, {@code python.d/<module>.conf} and pythond {@code .conf}
 */
record CollectorHeader(String modules, String config) {

    static final String NAME = "Terrarium-Collector";
    static final String MODULES = "modules";
    static final String CONFIG = "config";
    static final CollectorHeader DEFAULTS = new CollectorHeader("python.d", "conf.d");

    CollectorHeader {
        modules = folder(MODULES, modules);
        config = folder(CONFIG, config);
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong (for a log line naming the bundle)
     */
    static CollectorHeader parse(String value) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> clauses = split(value == null ? "" : value);
        for (int i = 0; i < clauses.size(); i++) {
            String clause = clauses.get(i);
            if (clause.isBlank()) {
                continue;
            }
            int eq = clause.indexOf('=');
            if (i == 0 && eq < 0) {
                attributes.put(MODULES, unquote(clause.strip()));
                continue;
            }
            if (eq <= 0 || clause.charAt(eq - 1) == ':') {
                throw new IllegalArgumentException(NAME + ": '" + clause.strip() + "' is not key=value (keys: "
                        + MODULES + ", " + CONFIG + ")");
            }
            String key = clause.substring(0, eq).strip();
            if (!key.equals(MODULES) && !key.equals(CONFIG)) {
                throw new IllegalArgumentException(NAME + ": unknown attribute '" + key + "' (known: " + MODULES
                        + ", " + CONFIG + ")");
            }
            if (attributes.put(key, unquote(clause.substring(eq + 1).strip())) != null) {
                throw new IllegalArgumentException(NAME + ": '" + key + "' is given twice");
            }
        }
        return new CollectorHeader(attributes.getOrDefault(MODULES, DEFAULTS.modules),
                attributes.getOrDefault(CONFIG, DEFAULTS.config));
    }

    /** Splits at {@code ;} outside double quotes. */
    private static List<String> split(String value) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(NAME + ": unbalanced '\"' in '" + value + "'");
        }
        clauses.add(current.toString());
        return clauses;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String folder(String key, String value) {
        String folder = value == null ? "" : value.strip();
        while (folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        if (folder.isEmpty() || folder.startsWith("/") || folder.contains("\\")) {
            throw new IllegalArgumentException(NAME + ": " + key + "='" + value
                    + "' must be a relative folder inside the jar, e.g. " + key + "="
                    + (key.equals(MODULES) ? "python.d" : "conf.d"));
        }
        for (String part : folder.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException(NAME + ": " + key + "='" + value
                        + "' must be a plain relative folder (no empty, '.' or '..' parts)");
            }
        }
        return folder;
    }
}
