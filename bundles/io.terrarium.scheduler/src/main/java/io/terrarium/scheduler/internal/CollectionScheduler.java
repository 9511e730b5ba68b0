package io.terrarium.scheduler.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.DeliveryQueues;
import io.terrarium.api.JobControl;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobLostException;
import io.terrarium.api.JobSource;
import io.terrarium.api.JobStatus;
import io.terrarium.api.JobStatus.State;
import io.terrarium.api.LogLine;
import io.terrarium.api.RunOnce;
import io.terrarium.api.Rejection;
import io.terrarium.api.Sink;
import io.terrarium.api.Validator;
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
 * hung job never delays another job's tick. Results are validated on the thread that completes the collection and
 * offered to the {@link DeliveryStage}, which delivers them on each sink's own thread: a slow sink never delays
 * collection either.
 */
@Component(service = { JobControl.class, DeliveryQueues.class }, immediate = true,
        configurationPid = "io.terrarium.scheduler")
@Designate(ocd = SchedulerConfig.class)
public final class CollectionScheduler implements JobControl, DeliveryQueues {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionScheduler.class);
    private static final long REJECTION_LOG_INTERVAL_MILLIS = 60_000;
    /** Kinds of rejection remembered per job for log throttling; past this the memory starts over. */
    private static final int REJECTION_KINDS_REMEMBERED = 256;

    private final WorkerPool pool;
    private final SchedulerConfig config;
    private final ScheduledThreadPoolExecutor timer;

    // All access guarded by "jobs".
    private final Map<JobId, ScheduledJob> jobs = new LinkedHashMap<>();
    /** The jobs by python.d's exclusive name, built from "jobs" when needed; null after every change of it. */
    private Map<String, List<ScheduledJob>> namesakes;
    private final Map<JobSource, JobSource.Listener> sources = new LinkedHashMap<>();
    /** Jobs an operator disabled; they stay disabled when their source redefines them. */
    private final Set<JobId> operatorDisabled = new HashSet<>();
    private final AtomicBoolean nothingToRun = new AtomicBoolean();
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    // All access guarded by itself.
    private final JobStatusFile statusFile;
    private volatile boolean stopping;
    private final org.osgi.framework.Bundle systemBundle;

    /** The sinks, each with its queue and delivery thread; thread-safe. */
    private final DeliveryStage delivery = new DeliveryStage();
    private final Validators validators = new Validators();

    private static final String DISABLED_MESSAGE = "disabled by an operator";

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
            namesakes = null;
        }
        // a container shutting down stops the pool next, which ends every worker at once: releasing thousands of
        // jobs one by one first (an unload each) would take longer than a stop may
        boolean containerStopping = containerStopping();
        all.forEach(job -> {
            if (containerStopping) {
                halt(job);
            } else {
                stop(job, false);
            }
        });
        timer.shutdownNow();
        delivery.close();
    }

    /** The framework is shutting down (not a component or source leaving a running container). */
    private boolean containerStopping() {
        return systemBundle != null && systemBundle.getState() == org.osgi.framework.Bundle.STOPPING;
    }

    /** Stops a job's timing without telling the pool (whose workers end with it). */
    private void halt(ScheduledJob job) {
        synchronized (job) {
            job.stopped = true;
            job.state = State.DISABLED;
            job.retireWhenCollected = null;
            if (job.next != null) {
                job.next.cancel(false);
            }
        }
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
            namesakes = null;
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
        boolean containerStopping = containerStopping();
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
            Map<JobId, JobEvents> history = new HashMap<>();
            namesakes = null;
            jobs.values().removeIf(job -> {
                if (job.source.equals(source.name()) && !job.definition.equals(byId.get(job.definition.id()))) {
                    toStop.add(job);
                    history.put(job.definition.id(), job.events);
                    return true;
                }
                return false;
            });
            for (JobDefinition definition : byId.values()) {
                ScheduledJob existing = jobs.get(definition.id());
                if (existing == null) {
                    ScheduledJob job = new ScheduledJob(definition, source.name(),
                            history.getOrDefault(definition.id(), new JobEvents()));
                    jobs.put(definition.id(), job);
                    if (operatorDisabled.contains(definition.id())) {
                        synchronized (job) {
                            job.stopped = true;
                            job.state = State.DISABLED;
                            job.message = DISABLED_MESSAGE;
                        }
                    } else {
                        toStart.add(job);
                    }
                    if (history.containsKey(definition.id())) {
                        job.events.add("INFO", "definition changed (" + definition.origin() + "): restarting");
                    }
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
                note(job, "ERROR", "unexpected error after check: " + e);
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
        boolean stopped;
        synchronized (job) {
            job.fullName = outcome.fullName();
            stopped = job.stopped;
        }
        if (stopped) {
            // stopped while its check ran (its source went away, an operator disabled it): the worker holds it now
            forget(job);
            then.run();
            return;
        }
        pool.create(job.definition.id(), checkTimeout(job)).whenComplete((ignored, createError) -> {
            boolean stoppedMeanwhile;
            synchronized (job) {
                stoppedMeanwhile = job.stopped;
                if (!stoppedMeanwhile && createError == null) {
                    job.state = State.RUNNING;
                    job.message = "";
                }
            }
            if (stoppedMeanwhile) {
                forget(job);
            } else if (createError != null) {
                fail(job, "create() failed: " + rootMessage(createError));
                forget(job);
            } else {
                note(job, "INFO", "check passed, collecting every " + job.settings.updateEvery() + " s");
                statusesChanged();
                scheduleNext(job);
            }
            then.run();
            checkNothingToRun();
        });
    }

    private void checkFailed(ScheduledJob job, String why) {
        int retry = job.settings == null ? 0 : job.settings.autodetectionRetry();
        forget(job);
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
        note(job, "WARN", why + "; checking again in " + retry + " s");
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
            if (namesakes == null) {
                // built once per change of "jobs": scanning every job for every check was quadratic (20000 jobs: 50 s)
                namesakes = new HashMap<>();
                for (ScheduledJob each : jobs.values()) {
                    namesakes.computeIfAbsent(each.exclusivityKey(), key -> new ArrayList<>(1)).add(each);
                }
            }
            for (ScheduledJob other : namesakes.getOrDefault(job.exclusivityKey(), List.of())) {
                if (other != job) {
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
        forget(job);
        note(job, "INFO", "skipped, " + job.message);
    }

    private void fail(ScheduledJob job, String why) {
        synchronized (job) {
            if (job.stopped) {
                return;
            }
            job.state = State.FAILED;
            job.message = why;
        }
        note(job, "ERROR", why + "; not running it");
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
            job.lastRunMicros = startMicros;
        }
        collectInTurn(job, since).whenComplete((collected, error) -> {
            try {
                finish(job, start, startMicros, startNanos, since, collected, error);
            } catch (RuntimeException e) {
                note(job, "ERROR", "unexpected error after collection: " + e);
            } finally {
                completeStop(job);
                scheduleNext(job);
            }
        });
    }

    /** A collection that starts when the job's previous one (scheduled or on demand) is over. */
    private CompletableFuture<Collected> collectInTurn(ScheduledJob job, long since) {
        synchronized (job) {
            CompletableFuture<Collected> call = job.lastCollect
                    .thenCompose(ignored -> pool.collect(job.definition.id(), since, collectTimeout(job)));
            job.lastCollect = call.handle(ScheduledJob.OVER);
            return call;
        }
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
            job.lastDurationMillis = elapsedMillis;
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
        if (error != null && !stopping) {
            // a container stopping fails every collection in flight: that is no job's failure to log
            note(job, "ERROR", "collection failed: " + rootMessage(error));
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
        Validators.Pass pass = validators.validate(result);
        delivery.offer(pass, job.definition.sinks());
        List<Rejection> rejections = pass.rejections();
        if (!rejections.isEmpty()) {
            logRejections(job, rejections);
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
            if (job.rejectionLog.size() > REJECTION_KINDS_REMEMBERED) {
                // rule texts may quote the bad value: a script sending ever-new bad values must not grow this
                job.rejectionLog.clear();
            }
            for (Rejection rejection : rejections) {
                long[] log = job.rejectionLog.computeIfAbsent(rejection.category() + "\u0000" + rejection.rule(),
                        key -> new long[] {0L, 0}); // logged at the epoch: long ago
                if (now - log[0] < REJECTION_LOG_INTERVAL_MILLIS) {
                    log[1]++;
                    continue;
                }
                String more = log[1] == 0 ? "" : " (and " + log[1] + " more like it since the last such line)";
                LOG.warn("{}{}", rejection, more);
                job.events.add("WARN", rejection + more);
                log[0] = now;
                log[1] = 0;
            }
        }
    }

    /**
     * Stops a job for good; with {@code retire}, tells the sinks its charts are obsolete. A collection in flight
     * is let finish first, so what it collects still reaches the sinks, and the charts are retired after it.
     */
    private void stop(ScheduledJob job, boolean retire) {
        synchronized (job) {
            job.stopped = true;
            job.state = State.DISABLED;
            if (job.next != null) {
                job.next.cancel(false);
            }
            if (!job.lastCollect.isDone()) {
                job.retireWhenCollected = retire;
                return;
            }
        }
        release(job, retire);
    }

    /** Finishes the stop of a job that was stopped while it collected. */
    private void completeStop(ScheduledJob job) {
        Boolean retire;
        synchronized (job) {
            retire = job.retireWhenCollected;
            job.retireWhenCollected = null;
        }
        if (retire != null) {
            release(job, retire && !stopping);
        }
    }

    private void release(ScheduledJob job, boolean retire) {
        List<Chart> retired = new ArrayList<>();
        synchronized (job) {
            for (Chart chart : job.charts.values()) {
                if (!chart.isObsolete()) {
                    retired.add(obsolete(chart));
                }
            }
        }
        forget(job);
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
            delivery.nothingToRun();
        } else if (!idle) {
            nothingToRun.set(false);
        }
    }

    // ---- sinks and validators ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedSink")
    void addSink(Sink sink, Map<String, Object> properties) {
        delivery.add(sink, properties);
        if (nothingToRun.get()) {
            delivery.nothingToRun(sink);
        }
    }

    void updatedSink(Sink sink, Map<String, Object> properties) {
        delivery.update(sink, properties);
    }

    void removeSink(Sink sink) {
        delivery.remove(sink);
    }

    @Override
    public List<DeliveryQueueStatus> queues() {
        return delivery.queues();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addValidator(Validator validator, Map<String, Object> properties) {
        validators.add(validator, properties);
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

    @Override
    public boolean disable(JobId id) {
        ScheduledJob job;
        synchronized (jobs) {
            job = known(id);
            if (!operatorDisabled.add(id)) {
                return false;
            }
        }
        stop(job, true);
        synchronized (job) {
            job.message = DISABLED_MESSAGE;
        }
        note(job, "INFO", DISABLED_MESSAGE);
        statusesChanged();
        checkNothingToRun();
        return true;
    }

    @Override
    public boolean enable(JobId id) {
        ScheduledJob fresh;
        synchronized (jobs) {
            ScheduledJob job = known(id);
            boolean wasDisabled = operatorDisabled.remove(id);
            State state;
            synchronized (job) {
                state = job.state;
            }
            if (!wasDisabled && state != State.FAILED) {
                return false;
            }
            if (!wasDisabled && !job.lastCollect.isDone()) {
                return false;
            }
            fresh = new ScheduledJob(job.definition, job.source, job.events);
            jobs.put(id, fresh);
            namesakes = null;
        }
        note(fresh, "INFO", "enabled by an operator: checking");
        startAll(List.of(fresh));
        checkNothingToRun();
        return true;
    }

    @Override
    public CompletableFuture<RunOnce> runOnce(JobId id) {
        ScheduledJob job;
        synchronized (jobs) {
            job = known(id);
        }
        State state;
        synchronized (job) {
            state = job.state;
        }
        Instant start = Instant.now();
        if (state == State.RUNNING) {
            // a stop while this runs waits for it (as for a scheduled run), and is completed here
            return collectInTurn(job, 0).thenApply(collected -> preview(job, job.fullName, start, collected))
                    .whenComplete((result, error) -> completeStop(job));
        }
        if (state == State.CHECKING || state == State.RETRYING) {
            return CompletableFuture.failedFuture(new IllegalStateException(id + " is being checked (state "
                    + state.name().toLowerCase(java.util.Locale.ROOT) + "); disable it first to run it on its own"));
        }
        // not running, so the pool does not hold it: load it for this run only, then forget it again
        synchronized (job) {
            if (!job.lastCollect.isDone()) {
                return CompletableFuture.failedFuture(new IllegalStateException(id + " is busy; try again"));
            }
            CompletableFuture<RunOnce> call = pool.check(job.definition, checkTimeout(job)).thenCompose(outcome -> {
                if (!outcome.passed()) {
                    throw new IllegalStateException("check failed: " + outcome.message());
                }
                return pool.create(id, checkTimeout(job))
                        .thenCompose(ignored -> pool.collect(id, 0, collectTimeout(outcome.settings().updateEvery(),
                                job)))
                        .thenApply(collected -> preview(job, outcome.fullName(), start, collected));
            });
            CompletableFuture<RunOnce> released = call.whenComplete((result, error) -> forget(job));
            job.lastCollect = released.handle(ScheduledJob.OVER);
            return released;
        }
    }

    /** What each sink the job feeds would receive from one collection, validated. */
    private RunOnce preview(ScheduledJob job, String fullName, Instant start, Collected collected) {
        CollectionResult result = new CollectionResult(job.definition.id(), fullName, start, collected.charts(),
                collected.retired(), collected.batches(), null);
        Validators.Pass pass = validators.validate(result);
        Map<String, String> previews = delivery.previews(pass, job.definition.sinks());
        List<Rejection> rejections = pass.rejections();
        result = pass.common();
        note(job, "INFO", "run once on demand: " + collected.charts().size() + " chart update(s), "
                + collected.batches().stream().mapToInt(batch -> batch.points().size()).sum() + " point(s), "
                + rejections.size() + " rejected");
        return new RunOnce(result, rejections, previews);
    }

    @Override
    public List<LogLine> recentLog(JobId id) {
        ScheduledJob job;
        synchronized (jobs) {
            job = known(id);
        }
        List<LogLine> lines = new ArrayList<>(job.events.snapshot());
        lines.addAll(pool.recentLog(id));
        lines.sort(java.util.Comparator.comparing(LogLine::time));
        return lines;
    }

    /**
     * Tells the pool to forget the job, keeping what the module logged (the pool drops its lines with the job), so
     * the job's log still explains a failed check.
     */
    private void forget(ScheduledJob job) {
        job.events.addAll(pool.recentLog(job.definition.id()));
        pool.release(job.definition.id());
    }

    /** Guarded by "jobs". */
    private ScheduledJob known(JobId id) {
        ScheduledJob job = jobs.get(id);
        if (job == null) {
            throw new IllegalArgumentException("no job " + id);
        }
        return job;
    }

    // ---- helpers ----

    /** Logs a line about a job and keeps it for the shell's job log. */
    private static void note(ScheduledJob job, String level, String message) {
        switch (level) {
            case "ERROR" -> LOG.error("{}: {}", display(job), message);
            case "WARN" -> LOG.warn("{}: {}", display(job), message);
            default -> LOG.info("{}: {}", display(job), message);
        }
        job.events.add(level, message);
    }

    private Duration checkTimeout(ScheduledJob job) {
        return Duration.ofMillis(seconds(job.definition.config().get("check_timeout"), config.checkTimeoutSeconds()));
    }

    private Duration collectTimeout(ScheduledJob job) {
        return collectTimeout(job.settings.updateEvery(), job);
    }

    private Duration collectTimeout(int updateEvery, ScheduledJob job) {
        double fallback = config.collectTimeoutSeconds() > 0 ? config.collectTimeoutSeconds()
                : Math.max(10, 2 * updateEvery);
        return Duration.ofMillis(seconds(job.definition.config().get("collect_timeout"), fallback));
    }

    /**
     * A configured number of seconds as milliseconds; anything but a positive number gives the fallback (the
     * configuration reports such values and drops them; this is the second line of defence: 0 must never become a
     * timeout of 1 ms).
     */
    static long seconds(Object configured, double fallback) {
        double value = -1;
        if (configured instanceof Number number) {
            value = number.doubleValue();
        } else if (configured instanceof String text) {
            try {
                value = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                value = -1;
            }
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            value = fallback;
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
