package io.terrarium.api.data;

import java.time.Instant;
import java.util.List;

import io.terrarium.api.JobId;

/**
 * One job's output of one run, as sinks receive it.
 *
 * @param job      the job
 * @param fullName the job's full name, {@code <module>_<name>} or {@code <module>} (python.d's chart type)
 * @param time     when the run started
 * @param charts   charts with values, each with its current definition
 * @param retired  charts to announce as obsolete
 * @param batches  DataKit records, in the order reported
 * @param run      timing of the run for runtime charts, or {@code null} when the run failed or the job ended
 */
public record CollectionResult(
        JobId job,
        String fullName,
        Instant time,
        List<ChartUpdate> charts,
        List<Chart> retired,
        List<PointBatch> batches,
        RunTiming run) {

    public CollectionResult {
        charts = List.copyOf(charts);
        retired = List.copyOf(retired);
        batches = List.copyOf(batches);
    }

    public CollectionResult withCharts(List<ChartUpdate> newCharts) {
        return new CollectionResult(job, fullName, time, newCharts, retired, batches, run);
    }

    public CollectionResult withBatches(List<PointBatch> newBatches) {
        return new CollectionResult(job, fullName, time, charts, retired, newBatches, run);
    }

    /**
     * @param sinceLastMicros microseconds since the job's previous successful run, 0 on the first
     * @param elapsedMillis   how long the run took
     * @param updateEvery     the job's interval in seconds
     */
    public record RunTiming(long sinceLastMicros, long elapsedMillis, int updateEvery) {
    }
}
