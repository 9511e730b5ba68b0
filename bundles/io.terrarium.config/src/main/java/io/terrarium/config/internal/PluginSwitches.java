package io.terrarium.config.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The merged content of {@code python.d.conf}: the plugin's on/off switch, {@code default_run} and the
 * per-module switches. Values are kept as loaded and judged with Python's truthiness, as python.d does
 * (so {@code example: "no"}, a non-empty string, counts as yes).
 */
record PluginSwitches(Map<String, Object> values) {

    static final String ENABLED = "enabled";
    static final String DEFAULT_RUN = "default_run";
    /** Terrarium's addition: the interpreter, for every module (a string) or per module (a mapping). */
    static final String PYTHON = "python";

    PluginSwitches {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static PluginSwitches defaults() {
        return new PluginSwitches(Map.of());
    }

    /** {@code enabled} (default yes): when false, python.d runs nothing at all. */
    boolean pluginEnabled() {
        return !values.containsKey(ENABLED) || PythonValues.isTrue(values.get(ENABLED));
    }

    /** {@code <module>: yes|no} when present, else {@code default_run} (default yes). */
    boolean moduleEnabled(String module) {
        if (values.containsKey(module)) {
            return PythonValues.isTrue(values.get(module));
        }
        return !values.containsKey(DEFAULT_RUN) || PythonValues.isTrue(values.get(DEFAULT_RUN));
    }

    /**
     * The interpreter python.d.conf names for a module: {@code python: {<module>: <path>}}, or
     * {@code python: <path>} for all modules; {@code null} when it names none.
     */
    String interpreter(String module) {
        Object python = values.get(PYTHON);
        if (python instanceof Map<?, ?> perModule) {
            python = perModule.get(module);
        }
        return python instanceof String path && !path.isBlank() ? path : null;
    }

    /** Whether {@code <module>: yes} is written out: what a {@code disabled_by_default} module needs to run. */
    boolean moduleExplicitlyEnabled(String module) {
        return values.containsKey(module) && PythonValues.isTrue(values.get(module));
    }
}
