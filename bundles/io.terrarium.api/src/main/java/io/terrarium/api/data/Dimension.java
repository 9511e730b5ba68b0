package io.terrarium.api.data;

/**
 * A chart dimension, as python.d's {@code lines} entry: {@code [id, name, algorithm, multiplier, divisor]}.
 *
 * @param algorithm {@code absolute}, {@code incremental}, {@code percentage-of-absolute-row} or
 *                  {@code percentage-of-incremental-row}
 */
public record Dimension(String id, String name, String algorithm, long multiplier, long divisor, boolean hidden,
        boolean obsolete) {
}
