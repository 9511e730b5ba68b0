package io.terrarium.sink.prometheus.internal;

import java.util.List;
import java.util.Set;

/**
 * What one {@link io.terrarium.api.data.CollectionResult} says about series, before it meets the stored state.
 *
 * @param charts  each updated chart with a slot per current dimension
 * @param retired full ids ({@code type.id}) of charts whose series go
 * @param points  series from DataKit points, in the order reported (a later one replaces an earlier one)
 */
record MappedResult(List<ChartSlots> charts, Set<String> retired, List<Series> points) {

    MappedResult {
        charts = List.copyOf(charts);
        retired = Set.copyOf(retired);
        points = List.copyOf(points);
    }

    /** One updated chart: what its series are now. Series of the chart with another key go. */
    record ChartSlots(String chartId, List<Slot> slots) {

        ChartSlots {
            slots = List.copyOf(slots);
        }
    }

    /**
     * One current dimension of an updated chart.
     *
     * @param key   its series key
     * @param fresh its new sample, or {@code null} when the run gave it no value (the last one stays until it
     *              expires)
     */
    record Slot(String key, Series fresh) {
    }
}
