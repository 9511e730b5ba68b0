package io.terrarium.sink.prometheus.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A series' labels, in the order they are written, with a key that ignores that order (Prometheus does): two
 * label sets with the same pairs are the same series.
 */
record Labels(List<Label> labels, String key) {

    record Label(String name, String value) {
    }

    Labels {
        labels = List.copyOf(labels);
    }

    /**
     * Collects one series' labels: the sink's own first, then the data's. A data label whose (sanitized) name is
     * taken, by one of the sink's labels or an earlier data label, or that starts with Prometheus' reserved
     * {@code __}, gets {@code exported_} in front, as Prometheus renames scraped labels that clash with its own:
     * nothing the data says is lost. Labels with an empty value are left out (Prometheus treats them as absent),
     * but their names stay taken.
     */
    static final class Builder {

        private final List<Label> labels = new ArrayList<>();
        private final Set<String> taken = new HashSet<>();

        /** One of the sink's own labels; the name must be valid. */
        Builder own(String name, String value) {
            taken.add(name);
            add(name, value);
            return this;
        }

        /** A label from the data: a chart label or a DataKit tag. */
        Builder data(String rawName, String value) {
            String name = PrometheusNames.labelName(rawName);
            if (name.startsWith("__")) {
                name = "exported_" + name;
            }
            while (taken.contains(name)) {
                name = "exported_" + name;
            }
            taken.add(name);
            add(name, value);
            return this;
        }

        private void add(String name, String value) {
            if (value != null && !value.isEmpty()) {
                labels.add(new Label(name, value));
            }
        }

        Labels build() {
            TreeMap<String, String> sorted = new TreeMap<>();
            labels.forEach(label -> sorted.put(label.name(), label.value()));
            StringBuilder key = new StringBuilder();
            // NUL cannot be confused with anything a name holds; values are written with their length
            sorted.forEach((name, value) -> key.append(name).append('\0').append(value.length()).append(':')
                    .append(value));
            return new Labels(labels, key.toString());
        }
    }
}
