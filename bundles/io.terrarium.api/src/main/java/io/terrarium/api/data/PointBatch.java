package io.terrarium.api.data;

import java.util.List;

/**
 * The points of one category a job reported together (one {@code report()} or {@code feed_*} call of a DataKit
 * script, or one tick of a python.d job routed to DataKit).
 *
 * @param category         where DataKit files them
 * @param input            the source name ({@code input=} of the write URL)
 * @param ignoreGlobalTags DataKit's {@code ignore_global_tags}
 * @param destination      the DataKit address the script asked for ({@code http://ip:port}), or {@code null} for
 *                         the sink's own
 * @param points           the points, in the order reported
 */
public record PointBatch(PointCategory category, String input, boolean ignoreGlobalTags, String destination,
        List<Point> points) {

    public PointBatch {
        points = List.copyOf(points);
    }
}
