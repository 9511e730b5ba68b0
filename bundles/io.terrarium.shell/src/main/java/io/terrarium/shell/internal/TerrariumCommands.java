package io.terrarium.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobStatus;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;

/** Gogo commands in scope {@code terrarium}. */
@Component(service = TerrariumCommands.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=jobs",
        "osgi.command.function=workers" })
public final class TerrariumCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final JobControl jobControl;
    private final WorkerPool workerPool;

    @Activate
    public TerrariumCommands(@Reference JobControl jobControl, @Reference WorkerPool workerPool) {
        this.jobControl = jobControl;
        this.workerPool = workerPool;
    }

    /** terrarium:jobs — every job with its state and timing. */
    public String jobs() {
        Table table = new Table("JOB", "KIND", "STATE", "EVERY", "LAST RUN", "DURATION", "RUNS", "FAILURES",
                "REJECTED", "PENALTY", "SOURCE", "MESSAGE");
        for (JobStatus job : jobControl.jobs()) {
            table.row(job.id(), job.kind() == io.terrarium.api.JobKind.PYTHON_D ? "python.d" : "pythond",
                    job.state().name().toLowerCase(), job.updateEvery() > 0 ? job.updateEvery() + "s" : null,
                    time(job.lastRun()), millis(job.lastDuration()), job.runs(), job.failures(), job.rejected(),
                    job.penalty() > 0 ? job.penalty() + "s" : "0", job.source(),
                    job.message().isEmpty() ? null : job.message());
        }
        return table.toString();
    }

    /** terrarium:workers — every Python worker process. */
    public String workers() {
        Table table = new Table("GROUP", "PID", "STATE", "JOBS", "MODULES", "UPTIME", "RESTARTS");
        Instant now = Instant.now();
        for (WorkerStatus worker : workerPool.workers()) {
            table.row(worker.group(), worker.pid() > 0 ? worker.pid() : null, worker.state(), worker.jobs(),
                    String.join(",", worker.modules()),
                    worker.started() == null ? null : Duration.between(worker.started(), now).toSeconds() + "s",
                    worker.restarts());
        }
        return table.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    private static String millis(Duration duration) {
        return duration == null ? null : duration.toMillis() + "ms";
    }
}
