package io.terrarium.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.WorkerStatus;

/** The tables of {@code jobs}, {@code modules}, {@code workers} and {@code sinks}, from snapshots of the services. */
final class StatusTables {

    private StatusTables() {
    }

    static String jobs(List<JobStatus> jobs, Predicate<JobId> filter, ZoneId zone) {
        Table table = new Table("MODULE", "JOB", "KIND", "STATE", "EVERY", "LAST-RUN", "DURATION", "RUNS", "FAILURES",
                "REJECTED", "PENALTY", "SINKS", "SOURCE", "MESSAGE");
        for (JobStatus job : jobs) {
            if (!filter.test(job.id())) {
                continue;
            }
            table.row(job.id().module(), job.id().job(), Cells.kind(job.kind()), Cells.word(job.state()),
                    job.updateEvery() > 0 ? Cells.seconds(job.updateEvery()) : null, Cells.time(job.lastRun(), zone),
                    Cells.duration(job.lastDuration()), Cells.count(job.runs()), Cells.count(job.failures()),
                    Cells.count(job.rejected()), Cells.seconds(Math.max(0, job.penalty())), Cells.sinks(job.sinks()),
                    job.source(), Cells.oneLine(job.message()));
        }
        return table.render();
    }

    /** What one source defines, or why it could not say. */
    record SourceJobs(String source, List<JobDefinition> definitions, String problem) {
    }

    static String modules(List<SourceJobs> sources, List<JobStatus> jobs) {
        Map<JobId, JobStatus.State> states = new LinkedHashMap<>();
        for (JobStatus job : jobs) {
            states.put(job.id(), job.state());
        }
        record Row(String module, String source, List<JobDefinition> definitions) {
        }
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SourceJobs source : sources) {
            if (source.problem() != null) {
                problems.add("source " + source.source() + ": " + source.problem());
                continue;
            }
            Map<String, List<JobDefinition>> byModule = new LinkedHashMap<>();
            for (JobDefinition definition : source.definitions()) {
                byModule.computeIfAbsent(definition.id().module(), module -> new ArrayList<>()).add(definition);
            }
            byModule.forEach((module, definitions) -> rows.add(new Row(module, source.source(), definitions)));
        }
        rows.sort(Comparator.comparing(Row::module).thenComparing(Row::source));
        Table table = new Table("MODULE", "KIND", "SOURCE", "JOBS", "RUNNING", "WORKER", "FILE");
        for (Row row : rows) {
            Set<String> kinds = new LinkedHashSet<>();
            Set<String> groups = new LinkedHashSet<>();
            Set<String> files = new LinkedHashSet<>();
            long running = 0;
            for (JobDefinition definition : row.definitions()) {
                kinds.add(Cells.kind(definition.kind()));
                groups.add(definition.workerGroup());
                files.add(definition.modulePath().toString());
                running += states.get(definition.id()) == JobStatus.State.RUNNING ? 1 : 0;
            }
            table.row(row.module(), String.join(",", kinds), row.source(), row.definitions().size(), running,
                    String.join(",", groups), String.join(",", files));
        }
        return join(table.render(), problems);
    }

    static String workers(List<WorkerStatus> workers, Instant now) {
        Table table = new Table("GROUP", "PID", "STATE", "JOBS", "MODULES", "RSS", "UPTIME", "RESTARTS");
        for (WorkerStatus worker : workers) {
            table.row(worker.group(), worker.pid() > 0 ? worker.pid() : null, worker.state(), worker.jobs(),
                    String.join(",", worker.modules()), Cells.bytes(worker.rssBytes()),
                    worker.started() == null ? null : Cells.age(Duration.between(worker.started(), now)),
                    worker.restarts());
        }
        return table.render();
    }

    /**
     * @param queues the delivery queue of each running sink the scheduler feeds
     * @param notes  lines under the table (e.g. that configurations could not be read)
     */
    static String sinks(List<SinkEntry> sinks, Map<Sink, DeliveryQueueStatus> queues, Instant now,
            List<String> notes) {
        Table table = new Table("NAME", "TYPE", "STATE", "TARGET", "RECEIVED", "SENT", "FAILED", "DROPPED", "QUEUED",
                "SPOOLED", "BACKLOG", "OVERFLOW", "BUSY");
        List<String> problems = new ArrayList<>(notes);
        for (SinkEntry entry : sinks) {
            if (entry.sink() == null) {
                table.row(entry.name(), entry.type(), "not active");
                continue;
            }
            SinkStatus status;
            try {
                status = entry.sink().status();
            } catch (RuntimeException e) {
                // one broken sink must not hide the others
                problems.add("sink " + entry.name() + ": status() failed: " + Cells.oneLine(String.valueOf(e)));
                table.row(entry.name(), entry.type(), "unknown");
                continue;
            }
            if (status == null) {
                status = SinkStatus.unknown();
            }
            DeliveryQueueStatus queue = queues.get(entry.sink());
            table.row(entry.name(), entry.type(), status.state(), status.target(), Cells.count(status.received()),
                    Cells.count(status.sent()), Cells.count(status.failed()), Cells.count(status.dropped()),
                    Cells.count(status.queued()), Cells.count(status.spooled()),
                    queue == null ? null : queue.queued() + "/" + queue.bound(),
                    queue == null ? null : Cells.count(queue.dropped()),
                    queue == null ? null : Cells.busy(queue.busySince(), now));
        }
        return join(table.render(), problems);
    }

    private static String join(String table, List<String> lines) {
        return lines.isEmpty() ? table : table + "\n" + String.join("\n", lines);
    }
}
