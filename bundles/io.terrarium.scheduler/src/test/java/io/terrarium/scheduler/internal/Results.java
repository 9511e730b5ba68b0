package io.terrarium.scheduler.internal;

import java.time.Instant;
import java.util.List;

import io.terrarium.api.JobId;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.CollectionResult.RunTiming;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;

/** Results the tests deliver: one chart whose value is the run's number, so order and drops can be read off. */
final class Results {

    private Results() {
    }

    static Chart chart(JobId job) {
        return new Chart(job.module() + "_" + job.job(), "runs", "", "Runs", "runs", "runs", "test.runs", "line", 1000,
                1, "", job.module(), List.of(), List.of(new Dimension("run", "run", "absolute", 1, 1, false, false)));
    }

    static ChartUpdate update(JobId job, long run) {
        return new ChartUpdate(chart(job), 1_000_000, List.of(new DimensionValue("run", run)), List.of());
    }

    /** The job's {@code run}-th values. */
    static CollectionResult values(String job, long run) {
        JobId id = JobId.parse(job);
        return new CollectionResult(id, id.module() + "_" + id.job(), Instant.now(), List.of(update(id, run)),
                List.of(), List.of(), new RunTiming(1_000_000, 1, 1));
    }

    /** The job's chart made obsolete, as the scheduler sends it when the job stops. */
    static CollectionResult retirement(String job) {
        JobId id = JobId.parse(job);
        Chart chart = chart(id);
        Chart obsolete = new Chart(chart.type(), chart.id(), chart.name(), chart.title(), chart.units(),
                chart.family(), chart.context(), chart.chartType(), chart.priority(), chart.updateEvery(), "obsolete",
                chart.module(), chart.labels(), chart.dimensions());
        return new CollectionResult(id, id.module() + "_" + id.job(), Instant.now(), List.of(), List.of(obsolete),
                List.of(), null);
    }

    /** The run number a {@link #values} result carries; -1 for a retirement. */
    static long run(CollectionResult result) {
        return result.charts().isEmpty() ? -1 : result.charts().get(0).values().get(0).value().longValue();
    }
}
