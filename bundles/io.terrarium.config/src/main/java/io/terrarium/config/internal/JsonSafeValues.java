package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what SnakeYAML loaded into plain values the runner can send as JSON: {@code String}, {@code Boolean},
 * {@code Integer}/{@code Long}/{@code BigInteger}/{@code Double}, {@code List}, {@code Map<String, Object>}
 * (insertion-ordered) and {@code null}. Map keys become {@code str(key)} as Python would print them; sets and
 * arrays become lists; anything else becomes its text. Containers are unmodifiable.
 */
final class JsonSafeValues {

    private JsonSafeValues() {
    }

    /** @throws IllegalArgumentException if the structure refers to itself (a YAML alias inside its own anchor) */
    static Object of(Object value) {
        return convert(value, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Object convert(Object value, Set<Object> open) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            enter(value, open);
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(PythonValues.str(k), convert(v, open)));
            open.remove(value);
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> collection) {
            enter(value, open);
            List<Object> out = new ArrayList<>(collection.size());
            collection.forEach(v -> out.add(convert(v, open)));
            open.remove(value);
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Object[] array) {
            return convert(java.util.Arrays.asList(array), open);
        }
        return String.valueOf(value);
    }

    private static void enter(Object container, Set<Object> open) {
        if (!open.add(container)) {
            throw new IllegalArgumentException("the structure contains itself (recursive alias)");
        }
    }
}
