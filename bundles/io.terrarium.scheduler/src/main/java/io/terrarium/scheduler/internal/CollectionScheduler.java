package io.terrarium.scheduler.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobControl;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobLostException;
import io.terrarium.api.JobSource;
import io.terrarium.api.JobStatus;
import io.terrarium.api.JobStatus.State;
import io.terrarium.api.Rejection;
import io.terrarium.api.Sink;
import io.terrarium.api.Validator;
import io.terrarium.api.Verdict;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.Collected;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.CollectionResult.RunTiming;

/**
 * Runs every job of every {@link JobSource}: checks it (python.d's exclusive names: of the jobs of a module
 * that share a name, the first whose check passes runs), creates it, then collects on aligned ticks with
 * python.d's penalty and autodetection-retry rules, and hands each result through the validators to the
 * sinks. One timer thread does the timing; the work itself is asynchronous in the worker pool, so a slow or
 * hung job never delays another job's tick.
 */
@Component(service = JobControl.class, immediate = true, configurationPid = "io.terrarium.scheduler")
@Designate(ocd = SchedulerConfig.class)
public final class CollectionScheduler implements JobControl {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionScheduler.class);
    private static final long REJECTION_LOG_INTERVAL_MILLIS = 60_000;

    private final WorkerPool pool;
    private final SchedulerConfig config;
    private final ScheduledThreadPoolExecutor timer;

    // All access guarded by "jobs".
    private final Map<JobId, ScheduledJob> jobs = new LinkedHashMap<>();
    private final Map<JobSource, JobSource.Listener> sources = new LinkedHashMap<>();
    private final AtomicBoolean nothingToRun = new AtomicBoolean();
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    // All access guarded by itself.
    private final JobStatusFile statusFile;
    private volatile boolean stopping;
    private final org.osgi.framework.Bundle systemBundle;

    private final List<SinkEntry> sinks = new CopyOnWriteArrayList<>();
    private final List<Validator> validators = new CopyOnWriteArrayList<>();

    private record SinkEntry(Sink sink, String name) {
    }

    @Activate
    public CollectionScheduler(@Reference WorkerPool pool, SchedulerConfig config, BundleContext context) {
        this.pool = pool;
        this.config = config;
        String libDir = context.getProperty("terrarium.lib.dir");
        this.statusFile = new JobStatusFile(libDir == null || libDir.isBlank() ? null : Path.of(libDir));
        this.systemBundle = context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "terrarium-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        List<ScheduledJob> all;
        synchronized (jobs) {
            sources.forEach(JobSource::removeListener);
            sources.clear();
            all = new ArrayList<>(jobs.values());
            jobs.clear();
        }
        all.forEach(job -> stop(job, false));
        timer.shutdownNow();
    }

    // ---- sources ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(JobSource source) {
        JobSource.Listener listener = this::sourceChanged;
        synchronized (jobs) {
            sources.put(source, listener);
        }
        source.addListener(listener);
        sourceChanged(source);
    }

    void removeSource(JobSource source) {
        JobSource.Listener listener;
        List<ScheduledJob> gone = new ArrayList<>();
        synchronized (jobs) {
            listener = sources.remove(source);
            jobs.values().removeIf(job -> {
                if (job.source.equals(source.name())) {
                    gone.add(job);
                    return true;
                }
                return false;
            });
        }
        if (listener != null) {
            source.removeListener(listener);
        }
        if (stopping) {
            // DS unbinds after deactivate, which already stopped every job
            return;
        }
        // a source that leaves a running container (a collector bundle uninstalled) takes its charts with it; a
        // container shutting down does not tell Netdata its charts are obsolete (python.d.plugin does not either)
        boolean containerStopping = systemBundle != null && systemBundle.getState() == org.osgi.framework.Bundle.STOPPING;
        gone.forEach(job -> stop(job, !containerStopping));
        if (containerStopping) {
            // nor is the job-status file rewritten: it must remember what ran, for the next start
            return;
        }
        LOG.info("job source {} went away: stopped {} job(s)", source.name(), gone.size());
        statusesChanged();
        checkNothingToRun();
    }

    /** Brings the jobs of one source in line with its current definitions. */
    private void sourceChanged(JobSource source) {
        if (stopping) {
            return;
        }
        List<JobDefinition> wanted = source.jobs();
        List<ScheduledJob> toStop = new ArrayList<>();
        List<ScheduledJob> toStart = new ArrayList<>();
        synchronized (jobs) {
            if (!sources.containsKey(source)) {
                return;
            }
            Map<JobId, JobDefinition> byId = new LinkedHashMap<>();
            wanted.forEach(definition -> byId.put(definition.id(), definition));
            jobs.values().removeIf(job -> {
                if (job.source.equals(source.name()) && !job.definition.equals(byId.get(job.definition.id()))) {
                    toStop.add(job);
                    return true;
                }
                return false;
            });
            for (JobDefinition definition : byId.values()) {
                ScheduledJob existing = jobs.get(definition.id());
                if (existing == null) {
                    ScheduledJob job = new ScheduledJob(definition, source.name());
                    jobs.put(definition.id(), job);
                    toStart.add(job);
                } else if (!existing.source.equals(source.name())) {
                    LOG.error("{}: defined by both {} and {}; keeping the one from {}", definition.id(),
                            existing.source, source.name(), existing.source);
                }
            }
        }
        toStop.forEach(job -> stop(job, true));
        if (!toStop.isEmpty()) {
            statusesChanged();
        }
        startAll(toStart);
        checkNothingToRun();
    }

    // ---- checks ----

    private void startAll(List<ScheduledJob> toStart) {
        Map<String, List<ScheduledJob>> alternatives = new LinkedHashMap<>();
        toStart.forEach(job -> alternatives.computeIfAbsent(job.exclusivityKey(), k -> new ArrayList<>()).add(job));
        alternatives.values().forEach(group -> checkInTurn(group, 0));
    }

    /** Checks the alternatives of one name one after the other until one passes. */
    private void checkInTurn(List<ScheduledJob> group, int index) {
        if (index >= group.size() || stopping) {
            return;
        }
        ScheduledJob job = group.get(index);
        check(job, () -> {
            boolean running;
            synchronized (job) {
                running = job.state == State.RUNNING || job.state == State.CHECKING;
            }
            if (running) {
                for (ScheduledJob other : group.subList(index + 1, group.size())) {
                    skip(other, job);
                }
            } else {
                checkInTurn(group, index + 1);
            }
        });
    }

    private void check(ScheduledJob job, Runnable then) {
        synchronized (job) {
            if (job.stopped) {
                then.run();
                return;
            }
            job.state = State.CHECKING;
        }
        pool.check(job.definition, checkTimeout(job)).whenComplete((outcome, error) -> {
            try {
                checked(job, outcome, error, then);
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected error after check", display(job), e);
            }
        });
    }

    private void checked(ScheduledJob job, CheckOutcome outcome, Throwable error, Runnable then) {
        if (outcome != null) {
            synchronized (job) {
                job.settings = outcome.settings();
            }
        }
        if (error != null || !outcome.passed()) {
            String why = error != null ? rootMessage(error) : outcome.message();
            checkFailed(job, "check failed: " + why);
            then.run();
            return;
        }
        ScheduledJob winner = runningAlternative(job);
        if (winner != null) {
            skip(job, winner);
            then.run();
            return;
        }
        synchronized (job) {
            job.fullName = outcome.fullName();
        }
        pool.create(job.definition.id(), checkTimeout(job)).whenComplete((ignored, createError) -> {
            if (createError != null) {
                fail(job, "create() failed: " + rootMessage(createError));
                pool.release(job.definition.id());
            } else {
                synchronized (job) {
                    if (!job.stopped) {
                        job.state = State.RUNNING;
                        job.message = "";
                    }
                }
                LOG.info("{}: check passed, collecting every {} s", display(job), job.settings.updateEvery());
                statusesChanged();
                scheduleNext(job);
            }
            then.run();
            checkNothingToRun();
        });
    }

    private void checkFailed(ScheduledJob job, String why) {
        int retry = job.settings == null ? 0 : job.settings.autodetectionRetry();
        pool.release(job.definition.id());
        if (retry <= 0) {
            retry = recoveryRetry(job);
        }
        statusesChanged();
        if (retry <= 0) {
            fail(job, why);
            checkNothingToRun();
            return;
        }
        synchronized (job) {
            if (job.stopped) {
                return;
            }
            job.state = State.RETRYING;
            job.message = why;
            job.next = timer.schedule(() -> {
                if (runningAlternative(job) != null) {
                    skip(job, runningAlternative(job));
                } else {
                    check(job, () -> { });
                }
            }, retry, TimeUnit.SECONDS);
        }
        LOG.warn("{}: {}; checking again in {} s", display(job), why, retry);
    }

    /**
     * python.d's recovery: a job that was active before the restart and has no autodetection_retry of its own is
     * checked {@value JobStatusFile#RECOVERY_CHECKS} times in all, {@value JobStatusFile#RECOVERY_INTERVAL} s apart.
     * Returns the seconds to the next check, or 0 when it is not (or no longer) recovering.
     */
    private int recoveryRetry(ScheduledJob job) {
        boolean wasActive;
        synchronized (statusFile) {
            wasActive = statusFile.wasActive(job.definition.id());
        }
        if (!wasActive) {
            return 0;
        }
        synchronized (job) {
            if (job.recoveryChecksLeft < 0) {
                job.recoveryChecksLeft = JobStatusFile.RECOVERY_CHECKS - 1;
            }
            if (job.recoveryChecksLeft == 0) {
                return 0;
            }
            job.recoveryChecksLeft--;
            return JobStatusFile.RECOVERY_INTERVAL;
        }
    }

    /** Saves the job-status file soon (changes in a burst are written once). */
    private void statusesChanged() {
        if (saveScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::saveStatuses, 200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                saveScheduled.set(false);
            }
        }
    }

    private void saveStatuses() {
        saveScheduled.set(false);
        if (stopping) {
            // the file remembers what ran before the stop: that is its point
            return;
        }
        Map<JobId, String> statuses = new LinkedHashMap<>();
        for (JobStatus status : jobs()) {
            if (status.state() == State.RUNNING) {
                statuses.put(status.id(), "active");
            } else if (status.state() == State.RETRYING) {
                statuses.put(status.id(), "recovering");
            }
        }
        synchronized (statusFile) {
            statusFile.save(statuses);
        }
    }

    private ScheduledJob runningAlternative(ScheduledJob job) {
        synchronized (jobs) {
            for (ScheduledJob other : jobs.values()) {
                if (other != job && other.exclusivityKey().equals(job.exclusivityKey())) {
                    synchronized (other) {
                        if (other.state == State.RUNNING && !other.stopped) {
                            return other;
                        }
                    }
                }
            }
        }
        return null;
    }

    private void skip(ScheduledJob job, ScheduledJob winner) {
        synchronized (job) {
            job.state = State.SKIPPED;
            job.message = "another job named '" + winner.definition.name() + "' runs: " + winner.definition.id();
        }
        pool.release(job.definition.id());
        LOG.info("{}: skipped, {}", display(job), job.message);
    }

    private void fail(ScheduledJob job, String why) {
        synchronized (job) {
            if (job.stopped) {
                return;
            }
            job.state = State.FAILED;
            job.message = why;
        }
        LOG.error("{}: {}; not running it", display(job), why);
    }

    // ---- runs ----

    private void scheduleNext(ScheduledJob job) {
        synchronized (job) {
            if (job.stopped || job.state != State.RUNNING || stopping) {
                return;
            }
            long now = System.currentTimeMillis();
            long next = RunClock.nextRun(now, job.settings.updateEvery(), job.penalty);
            job.next = timer.schedule(() -> run(job), next - now, TimeUnit.MILLISECONDS);
        }
    }

    private void run(ScheduledJob job) {
        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
        long since;
        synchronized (job) {
            if (job.stopped) {
                return;
            }
            since = job.previousSuccessMicros == 0 ? 0 : startMicros - job.previousSuccessMicros;
            job.lastRun = start;
        }
        pool.collect(job.definition.id(), since, collectTimeout(job)).whenComplete((collected, error) -> {
            try {
                finish(job, start, startMicros, startNanos, since, collected, error);
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected error after collection", display(job), e);
            } finally {
                scheduleNext(job);
            }
        });
    }

    private void finish(ScheduledJob job, Instant start, long startMicros, long startNanos, long since,
            Collected collected, Throwable error) {
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        if (error instanceof JobLostException) {
            checkFailed(job, "lost: " + error.getMessage());
            return;
        }
        boolean updated = error == null && collected.updated();
        RunTiming timing;
        synchronized (job) {
            job.lastDuration = Duration.ofMillis(elapsedMillis);
            if (updated) {
                job.runs++;
                job.failures = 0;
                job.penalty = 0;
                job.previousSuccessMicros = startMicros;
                job.message = "";
                timing = new RunTiming(since, elapsedMillis, job.settings.updateEvery());
            } else {
                job.failures++;
                job.penalty = RunClock.penaltyAfterFailure(job.failures, job.settings.updateEvery(),
                        job.settings.penalty(), job.penalty);
                job.message = error != null ? rootMessage(error) : "no data";
                timing = null;
            }
        }
        if (error != null) {
            LOG.error("{}: collection failed: {}", display(job), rootMessage(error));
        }
        if (collected == null || (collected.charts().isEmpty() && collected.retired().isEmpty()
                && collected.batches().isEmpty() && timing == null)) {
            return;
        }
        job.remember(collected.charts(), collected.retired());
        deliver(job, new CollectionResult(job.definition.id(), job.fullName, start, collected.charts(),
                collected.retired(), collected.batches(), timing));
    }

    private void deliver(ScheduledJob job, CollectionResult result) {
        CollectionResult accepted = result;
        for (Validator validator : validators) {
            Verdict verdict = validator.validate(accepted);
            if (!verdict.rejections().isEmpty()) {
                logRejections(job, verdict.rejections());
            }
            accepted = verdict.accepted();
        }
        List<String> wanted = job.definition.sinks();
        for (SinkEntry entry : sinks) {
            if (!wanted.isEmpty() && !wanted.contains(entry.name())) {
                continue;
            }
            try {
                entry.sink().deliver(accepted);
            } catch (RuntimeException e) {
                LOG.error("sink {}: failed to take {}: {}", entry.name(), job.definition.id(), e.toString());
            }
        }
    }

    /**
     * Counts every rejection; logs the first of a kind (category and rule) and then at most one a minute, saying how
     * many like it were not logged: a script that sends the same bad record every second must not flood the log.
     */
    private void logRejections(ScheduledJob job, List<Rejection> rejections) {
        long now = System.currentTimeMillis();
        synchronized (job) {
            job.rejected += rejections.size();
            for (Rejection rejection : rejections) {
                long[] log = job.rejectionLog.computeIfAbsent(rejection.category() + "\u0000" + rejection.rule(),
                        key -> new long[] {0L, 0}); // logged at the epoch: long ago
                if (now - log[0] < REJECTION_LOG_INTERVAL_MILLIS) {
                    log[1]++;
                    continue;
                }
                LOG.warn("{}{}", rejection, log[1] == 0 ? ""
                        : " (and " + log[1] + " more like it since the last such line)");
                log[0] = now;
                log[1] = 0;
            }
        }
    }

    /** Stops a job for good; with {@code retire}, tells the sinks its charts are obsolete. */
    private void stop(ScheduledJob job, boolean retire) {
        List<Chart> retired = new ArrayList<>();
        synchronized (job) {
            job.stopped = true;
            job.state = State.DISABLED;
            if (job.next != null) {
                job.next.cancel(false);
            }
            for (Chart chart : job.charts.values()) {
                if (!chart.isObsolete()) {
                    retired.add(obsolete(chart));
                }
            }
        }
        pool.release(job.definition.id());
        if (retire && !retired.isEmpty()) {
            deliver(job, new CollectionResult(job.definition.id(), job.fullName, Instant.now(), List.of(), retired,
                    List.of(), null));
        }
    }

    private static Chart obsolete(Chart chart) {
        String options = chart.options().isBlank() ? "obsolete" : chart.options() + " obsolete";
        return new Chart(chart.type(), chart.id(), chart.name(), chart.title(), chart.units(), chart.family(),
                chart.context(), chart.chartType(), chart.priority(), chart.updateEvery(), options, chart.module(),
                chart.labels(), chart.dimensions());
    }

    /** Tells the sinks once when no job is running, being checked or waiting for a retry. */
    private void checkNothingToRun() {
        boolean idle;
        synchronized (jobs) {
            idle = !sources.isEmpty() && jobs.values().stream().noneMatch(ScheduledJob::isActive);
        }
        if (idle && !stopping && nothingToRun.compareAndSet(false, true)) {
            LOG.info("nothing to run");
            sinks.forEach(entry -> entry.sink().nothingToRun());
        } else if (!idle) {
            nothingToRun.set(false);
        }
    }

    // ---- sinks and validators ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(Sink sink, Map<String, Object> properties) {
        String name = Objects.toString(properties.get(Sink.NAME), sink.getClass().getSimpleName());
        sinks.add(new SinkEntry(sink, name));
        LOG.info("sink {} added", name);
        if (nothingToRun.get()) {
            sink.nothingToRun();
        }
    }

    void removeSink(Sink sink) {
        sinks.removeIf(entry -> {
            if (entry.sink() == sink) {
                LOG.info("sink {} removed", entry.name());
                return true;
            }
            return false;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addValidator(Validator validator) {
        validators.add(validator);
    }

    void removeValidator(Validator validator) {
        validators.remove(validator);
    }

    // ---- JobControl ----

    @Override
    public List<JobStatus> jobs() {
        List<ScheduledJob> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        List<JobStatus> statuses = new ArrayList<>();
        all.forEach(job -> statuses.add(job.status()));
        statuses.sort((a, b) -> a.id().compareTo(b.id()));
        return statuses;
    }

    // ---- helpers ----

    private Duration checkTimeout(ScheduledJob job) {
        return Duration.ofMillis(seconds(job.definition.config().get("check_timeout"), config.checkTimeoutSeconds()));
    }

    private Duration collectTimeout(ScheduledJob job) {
        int updateEvery = job.settings.updateEvery();
        double fallback = config.collectTimeoutSeconds() > 0 ? config.collectTimeoutSeconds()
                : Math.max(10, 2 * updateEvery);
        return Duration.ofMillis(seconds(job.definition.config().get("collect_timeout"), fallback));
    }

    private static long seconds(Object configured, double fallback) {
        double value = fallback;
        if (configured instanceof Number number && number.doubleValue() > 0) {
            value = number.doubleValue();
        } else if (configured != null) {
            try {
                value = Double.parseDouble(configured.toString());
            } catch (NumberFormatException e) {
                // keep the default; config validation reports bad values
            }
        }
        return Math.max(1, Math.round(value * 1000));
    }

    private static String display(ScheduledJob job) {
        return job.definition.id().module() + "[" + job.definition.id().job() + "]";
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
