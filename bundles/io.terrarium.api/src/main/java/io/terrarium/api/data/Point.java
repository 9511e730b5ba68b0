package io.terrarium.api.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One DataKit record: a line-protocol point.
 *
 * @param measurement the measurement (for events, DataKit's literal {@code "measurement"})
 * @param tags        tag keys to string values, in the order the script gave them
 * @param fields      field keys to values: {@link Long} (integers), {@link Double}, {@link Boolean} or
 *                    {@link String}; a value outside these (a {@link java.math.BigInteger}, say) is refused by
 *                    validation
 * @param timeNanos   the point's time in nanoseconds since the epoch (the worker stamps points the script gave
 *                    no time)
 */
public record Point(String measurement, Map<String, String> tags, Map<String, Object> fields, long timeNanos) {

    public Point {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
