package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Terrarium's {@code sinks} setting: the sinks a job feeds, as a sink name or a list of them
 * ({@code sinks: datakit}, {@code sinks: [netdata, datakit]}, TOML {@code sinks = ["datakit"]}). Missing, empty or
 * blank means every sink ({@link io.terrarium.api.JobDefinition#sinks()} empty). Names are trimmed, repeats dropped.
 */
final class SinkNames {

    /** The key, in a python.d job section or module file's top level, and in an {@code [[inputs.pythond]]} table. */
    static final String KEY = "sinks";

    /** What a user is told when the value is neither; callers add where it is and what happens instead. */
    static final String EXPECTED = "'sinks' must be a sink name or a list of sink names";

    private SinkNames() {
    }

    /**
     * @param value the loaded value ({@code null} when the key is missing)
     * @return the names, empty for every sink; empty optional when the value is neither a string nor a list of strings
     */
    static Optional<List<String>> parse(Object value) {
        if (value == null) {
            return Optional.of(List.of());
        }
        if (value instanceof String name) {
            return Optional.of(name.isBlank() ? List.of() : List.of(name.strip()));
        }
        if (!(value instanceof List<?> list)) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object element : list) {
            if (!(element instanceof String name)) {
                return Optional.empty();
            }
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return Optional.of(List.copyOf(new ArrayList<>(names)));
    }
}
