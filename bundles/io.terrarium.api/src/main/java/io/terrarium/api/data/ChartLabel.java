package io.terrarium.api.data;

/**
 * A chart label. {@code source} is Netdata's label source: 0 auto, 1 from configuration, 2 from the
 * collector.
 */
public record ChartLabel(String name, String value, int source) {
}
