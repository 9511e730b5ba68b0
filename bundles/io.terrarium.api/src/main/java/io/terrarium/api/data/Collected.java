package io.terrarium.api.data;

import java.util.List;

/**
 * What the worker returned for one collection.
 *
 * @param updated whether the job counts the run as a success (python.d: some chart got a value)
 * @param charts  the charts that got values
 * @param retired charts that became obsolete in this run (no data for {@code chart_cleanup} runs, or
 *                obsoleted by the module)
 * @param batches DataKit records the run reported
 */
public record Collected(boolean updated, List<ChartUpdate> charts, List<Chart> retired, List<PointBatch> batches) {

    public Collected {
        charts = List.copyOf(charts);
        retired = List.copyOf(retired);
        batches = List.copyOf(batches);
    }
}
