package io.terrarium.shell.internal;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.terrarium.api.JobId;
import io.terrarium.api.Rejection;
import io.terrarium.api.RunOnce;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.PointBatch;

/**
 * What {@code terrarium:run} prints: a summary line, then what each sink would receive, by sink name, then what
 * validation refused.
 */
final class RunOnceReport {

    static final String NO_PREVIEW = "(this sink shows no preview)";

    private RunOnceReport() {
    }

    /**
     * @param sinkTypes the type of each sink, by name; a sink missing here shows type {@code -}
     */
    static String of(JobId job, RunOnce run, Duration elapsed, Map<String, String> sinkTypes) {
        CollectionResult result = run.result();
        long dimensions = 0;
        for (ChartUpdate chart : result.charts()) {
            dimensions += chart.values().size();
        }
        long points = 0;
        for (PointBatch batch : result.batches()) {
            points += batch.points().size();
        }
        StringBuilder out = new StringBuilder();
        out.append(job).append(": ").append(plural(result.charts().size(), "chart")).append(", ")
                .append(plural(dimensions, "dimension")).append(", ").append(plural(points, "point")).append(", ")
                .append(run.rejections().size()).append(" rejected, ").append(Cells.duration(elapsed));
        if (run.previews().isEmpty()) {
            out.append("\n(no sink receives this job)");
        }
        for (Map.Entry<String, String> preview : new TreeMap<>(run.previews()).entrySet()) {
            String type = sinkTypes.get(preview.getKey());
            out.append("\n--- sink ").append(preview.getKey()).append(" (").append(type == null ? "-" : type)
                    .append(")\n");
            String text = preview.getValue().stripTrailing();
            out.append(text.isEmpty() ? NO_PREVIEW : text);
        }
        if (!run.rejections().isEmpty()) {
            out.append("\n--- rejected by validation");
            for (Rejection rejection : run.rejections()) {
                out.append('\n').append(rejection);
            }
        }
        return out.toString();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
