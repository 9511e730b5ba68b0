package io.terrarium.sink.prometheus.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Writes series in Prometheus' text exposition format 0.0.4: per metric name one {@code # HELP}, one
 * {@code # TYPE} and all its samples together (the format requires a name's samples to be contiguous), names and
 * series sorted so that two scrapes of the same state are identical. No timestamps: Prometheus stamps samples at
 * the scrape, which keeps its staleness handling working.
 */
final class TextExposition {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Comparator<Series> ORDER = Comparator.comparing(Series::metric)
            .thenComparing(series -> series.labels().key());

    private TextExposition() {
    }

    static String render(Collection<JobSeries> jobs) {
        List<Series> all = new ArrayList<>();
        jobs.forEach(job -> job.forEach(all::add));
        all.sort(ORDER);
        StringBuilder out = new StringBuilder(all.size() * 96);
        int start = 0;
        while (start < all.size()) {
            String metric = all.get(start).metric();
            int end = start;
            MetricType type = all.get(start).type();
            String help = "";
            while (end < all.size() && all.get(end).metric().equals(metric)) {
                Series series = all.get(end);
                if (series.type() != type) {
                    type = MetricType.UNTYPED; // two sources claim the name differently: claim nothing
                }
                if (help.isEmpty() && series.help() != null) {
                    help = series.help();
                }
                end++;
            }
            out.append("# HELP ").append(metric).append(' ');
            escapeHelp(help, out);
            out.append('\n').append("# TYPE ").append(metric).append(' ').append(type.text()).append('\n');
            for (int i = start; i < end; i++) {
                sample(all.get(i), out);
            }
            start = end;
        }
        return out.toString();
    }

    private static void sample(Series series, StringBuilder out) {
        out.append(series.metric());
        List<Labels.Label> labels = series.labels().labels();
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels.get(i).name()).append("=\"");
                escapeLabelValue(labels.get(i).value(), out);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(series.value()).append('\n');
    }

    /** In label values: backslash, double quote and line feed are escaped; anything else is written as it is. */
    static void escapeLabelValue(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** In HELP text only backslash and line feed are escaped (a quote is written as it is). */
    static void escapeHelp(String help, StringBuilder out) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
