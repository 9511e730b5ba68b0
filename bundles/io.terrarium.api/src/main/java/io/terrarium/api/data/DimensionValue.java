package io.terrarium.api.data;

/**
 * One collected value of a dimension or chart variable. The value is a {@link Long} when it fits in 64
 * bits, otherwise a {@link java.math.BigInteger} (validation refuses those for Netdata).
 */
public record DimensionValue(String id, Number value) {
}
