package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of one dynamic, multiple reference, each with its service properties, as DS binds, updates and
 * unbinds them. Keyed by identity: a service object need not implement {@code equals}.
 *
 * <p>Thread-safe: DS calls bind, updated and unbind from its own threads while commands take snapshots.
 */
final class BoundServices<T> {

    /** One bound service and its properties at the moment of the snapshot. */
    record Bound<T>(T service, Map<String, Object> properties) {
    }

    // All access must be guarded by "this".
    private final Map<T, Map<String, Object>> services = new IdentityHashMap<>();

    synchronized void put(T service, Map<String, ?> properties) {
        services.put(service, Map.copyOf(withoutNulls(properties)));
    }

    synchronized void remove(T service) {
        services.remove(service);
    }

    synchronized List<Bound<T>> snapshot() {
        List<Bound<T>> bound = new ArrayList<>();
        services.forEach((service, properties) -> bound.add(new Bound<>(service, properties)));
        return bound;
    }

    private static Map<String, Object> withoutNulls(Map<String, ?> properties) {
        Map<String, Object> copy = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
