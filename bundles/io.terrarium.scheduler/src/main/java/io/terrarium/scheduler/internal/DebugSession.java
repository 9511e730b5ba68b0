package io.terrarium.scheduler.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.JobStatus.State;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/**
 * Debug mode ({@code terrarium debug <module>}, {@code terrarium.plugin 1 <module> debug trace}): watches the
 * jobs until each has run {@code terrarium.debug.runs} times (default 3) or given up, prints one summary line per
 * job, and ends the process through the launcher's exit service: status 0 when every job collected on every run,
 * 1 otherwise. Active only when the launcher registers that service, that is in debug mode.
 */
@Component(service = Sink.class, immediate = true, property = Sink.NAME + "=debug")
public final class DebugSession implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(DebugSession.class);
    /** How long to wait for configuration to produce jobs before calling it "nothing to run". */
    private static final long NO_JOBS_GRACE_MILLIS = 15_000;

    private final JobControl jobControl;
    private final IntConsumer exit;
    private final int wantedRuns;
    private final long deadline;
    private final long started = System.currentTimeMillis();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "terrarium-debug");
        thread.setDaemon(true);
        return thread;
    });

    // All access from the timer thread only.
    private final Set<JobId> failedRuns = new HashSet<>();
    private volatile boolean nothingToRun;
    private boolean finished;

    @Activate
    public DebugSession(@Reference(name = "jobControl") JobControl jobControl,
            @Reference(name = "exit", target = "(terrarium.exit=debug)") IntConsumer exit, BundleContext context) {
        this.jobControl = jobControl;
        this.exit = exit;
        this.wantedRuns = positive(context.getProperty("terrarium.debug.runs"), 3);
        this.deadline = started + 1000L * positive(context.getProperty("terrarium.debug.timeout"), 120);
        timer.scheduleWithFixedDelay(this::evaluate, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void deliver(CollectionResult result) {
        // the jobs' status says all this session needs; the Netdata sink prints the data
    }

    @Override
    public void nothingToRun() {
        nothingToRun = true;
    }

    private void evaluate() {
        if (finished) {
            return;
        }
        List<JobStatus> jobs = jobControl.jobs();
        long now = System.currentTimeMillis();
        jobs.stream().filter(job -> job.failures() > 0).forEach(job -> failedRuns.add(job.id()));
        if (jobs.isEmpty()) {
            if (nothingToRun || now - started > NO_JOBS_GRACE_MILLIS) {
                finish(1, List.of("nothing to run: no job of the named module(s) is enabled"));
            }
            return;
        }
        boolean allDone = jobs.stream().allMatch(this::done);
        if (!allDone && now < deadline) {
            return;
        }
        int status = 0;
        List<String> lines = new java.util.ArrayList<>();
        for (JobStatus job : jobs) {
            boolean ok = ok(job);
            status |= ok ? 0 : 1;
            lines.add(job.id().module() + "[" + job.id().job() + "]: " + (ok ? "ok" : "FAILED") + ", "
                    + job.state().name().toLowerCase() + ", " + job.runs() + " run(s) with data"
                    + (failedRuns.contains(job.id()) ? ", some runs failed" : "")
                    + (job.message().isEmpty() ? "" : ": " + job.message()));
        }
        if (!allDone) {
            lines.add("gave up waiting after " + (now - started) / 1000 + " s");
            status = 1;
        }
        finish(status, lines);
    }

    private boolean done(JobStatus job) {
        return switch (job.state()) {
            case RUNNING -> job.runs() >= wantedRuns || job.failures() >= wantedRuns;
            case CHECKING -> false;
            default -> true;
        };
    }

    private boolean ok(JobStatus job) {
        if (job.state() == State.SKIPPED) {
            // an alternative of a job that runs
            return true;
        }
        return job.state() == State.RUNNING && job.runs() >= wantedRuns && !failedRuns.contains(job.id());
    }

    private void finish(int status, List<String> lines) {
        finished = true;
        lines.forEach(line -> LOG.info("debug: {}", line));
        LOG.info("debug: {}", status == 0 ? "every job collected on every run" : "some job failed");
        exit.accept(status);
    }

    private static int positive(String value, int fallback) {
        try {
            int number = value == null ? fallback : Integer.parseInt(value.trim());
            return number > 0 ? number : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
