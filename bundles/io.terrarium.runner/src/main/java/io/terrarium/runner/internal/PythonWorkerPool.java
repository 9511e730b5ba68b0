package io.terrarium.runner.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;
import io.terrarium.api.LogLine;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;
import io.terrarium.api.data.Collected;

/**
 * Runs jobs in python3 worker processes, one per worker group (by default one per module). Futures complete
 * on the pool's own completion threads (one, and up to {@link RunnerConfig#completionThreads()} while it falls
 * behind), never on a worker's reader thread, so callers may chain work onto them; work chained there must not
 * block, or it delays every other job's completion. Each job checked and not yet released keeps its recent log lines (its module's,
 * and the pool's about it).
 *
 * <p>Threads: one timer, one spawner, the completion threads, and two reader threads per worker process. None
 * grows with the number of jobs; completion threads beyond the first end after a minute without work.
 */
@Component(configurationPid = "io.terrarium.runner")
@Designate(ocd = RunnerConfig.class)
public final class PythonWorkerPool implements WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(PythonWorkerPool.class);
    private static final long COMPLETION_THREAD_IDLE_MILLIS = 60_000;

    private final ObjectMapper json = new ObjectMapper();
    private final WorkerSettings settings;
    private final long stopGraceMillis;
    private final ScheduledExecutorService timer;
    private final ExecutorService completions;
    private final ExecutorService spawner;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    // Which group each job was checked in, so later calls need only the id.
    private final Map<JobId, String> groups = new ConcurrentHashMap<>();
    // Opened at check, dropped at release: holds lines only for the jobs in "groups".
    private final RecentJobLogs recentLogs;

    @Activate
    public PythonWorkerPool(BundleContext context, RunnerConfig config) {
        this(settings(context, config), config.stopGraceMillis(), config.recentLogLines(), config.completionThreads());
    }

    PythonWorkerPool(WorkerSettings settings, long stopGraceMillis, int recentLogLines) {
        this(settings, stopGraceMillis, recentLogLines, 2);
    }

    PythonWorkerPool(WorkerSettings settings, long stopGraceMillis, int recentLogLines, int completionThreads) {
        this.settings = settings;
        this.stopGraceMillis = stopGraceMillis;
        this.recentLogs = new RecentJobLogs(recentLogLines);
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, threads("terrarium-runner-timer"));
        scheduled.setRemoveOnCancelPolicy(true);
        this.timer = scheduled;
        // one, and up to a fixed few while it falls behind: the queue holds at most one completion per job in flight
        this.completions = new ElasticExecutor(completionThreads, COMPLETION_THREAD_IDLE_MILLIS,
                threads("terrarium-runner"));
        this.spawner = Executors.newSingleThreadExecutor(threads("terrarium-runner-spawner"));
    }

    private static WorkerSettings settings(BundleContext context, RunnerConfig config) {
        String interpreter = !config.interpreter().isBlank() ? config.interpreter()
                : property(context, "terrarium.python.interpreter", "python3");
        String home = property(context, "terrarium.home", ".");
        Path core = Path.of(property(context, "terrarium.python.core", Path.of(home, "python.d", "core").toString()));
        String lockDir = context.getProperty("terrarium.lock.dir");
        boolean locking = lockDir != null && !lockDir.isBlank()
                && !Boolean.parseBoolean(context.getProperty("terrarium.nolock"));
        return new WorkerSettings(interpreter, core, Boolean.parseBoolean(context.getProperty("terrarium.debug")),
                Boolean.parseBoolean(context.getProperty("terrarium.trace")),
                Duration.ofMillis(config.readyTimeoutMillis()), Duration.ofMillis(config.restartDelayMinMillis()),
                Duration.ofMillis(config.restartDelayMaxMillis()), Duration.ofMillis(config.stableAfterMillis()),
                locking ? Path.of(lockDir) : null);
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public CompletableFuture<CheckOutcome> check(JobDefinition job, Duration timeout) {
        groups.put(job.id(), job.workerGroup());
        recentLogs.open(job.id());
        Worker worker = workers.computeIfAbsent(job.workerGroup(), this::newWorker);
        return async(worker.check(job, checkRequest(job), timeout).thenApply(reply -> {
            if (!reply.path("ok").asBoolean()) {
                throw failure(job.id(), reply, "check failed");
            }
            boolean passed = reply.path("passed").asBoolean();
            return new CheckOutcome(passed, ChartDecoder.settings(reply.path("settings")),
                    reply.path("full_name").asText(job.id().module()),
                    passed ? "" : reply.path("message").asText("check() returned false"));
        }));
    }

    @Override
    public CompletableFuture<Void> create(JobId job, Duration timeout) {
        Worker worker = workerOf(job);
        if (worker == null) {
            return notLoaded(job);
        }
        return async(worker.create(job, timeout).thenAccept(reply -> {
            if (!reply.path("ok").asBoolean()) {
                throw failure(job, reply, "create failed");
            }
        }));
    }

    @Override
    public CompletableFuture<Collected> collect(JobId job, long intervalMicros, Duration timeout) {
        Worker worker = workerOf(job);
        if (worker == null) {
            return notLoaded(job);
        }
        return async(worker.collect(job, intervalMicros, timeout).thenApply(reply -> {
            if (!reply.ok()) {
                throw failure(job, reply.traceback(), reply.error(), "collect failed");
            }
            ChartDecoder decoder = worker.decoder(job);
            if (decoder == null) {
                throw new io.terrarium.api.JobLostException(job + " was released");
            }
            return decoder.decode(reply);
        }));
    }

    @Override
    public void release(JobId job) {
        String group = groups.remove(job);
        recentLogs.drop(job);
        Worker worker = group == null ? null : workers.get(group);
        if (worker != null && worker.release(job) && !groups.containsValue(group)) {
            workers.remove(group, worker);
            retire(worker);
        }
    }

    @Override
    public List<LogLine> recentLog(JobId job) {
        return recentLogs.lines(job);
    }

    /** How many jobs have recent log lines kept (for tests: released jobs must leave nothing behind). */
    int jobsWithRecentLog() {
        return recentLogs.size();
    }

    @Override
    public List<WorkerStatus> workers() {
        List<WorkerStatus> list = new ArrayList<>();
        workers.values().forEach(w -> list.add(w.status()));
        list.sort(Comparator.comparing(WorkerStatus::group));
        return list;
    }

    @Deactivate
    void deactivate() {
        List<Worker> all = new ArrayList<>(workers.values());
        workers.clear();
        groups.clear();
        recentLogs.clear();
        stopAll(all);
        timer.shutdownNow();
        completions.shutdownNow();
        spawner.shutdownNow();
    }

    /**
     * Stops a worker left without jobs without waiting for it: its input is closed now and what is left of it
     * is killed after the grace period, on the timer (release is called from completion threads).
     */
    private void retire(Worker worker) {
        WorkerProcess process = worker.stop();
        if (process == null) {
            return;
        }
        try {
            timer.schedule(() -> {
                if (process.isAlive()) {
                    LOG.debug("worker pid {} did not exit in {} ms: killing it", process.pid(), stopGraceMillis);
                }
                process.kill();
            }, stopGraceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            process.kill();
        }
    }

    /** Closes the workers' input, gives them a moment to exit together, then kills what is left. */
    private void stopAll(List<Worker> toStop) {
        Map<Worker, WorkerProcess> processes = new HashMap<>();
        toStop.forEach(w -> {
            WorkerProcess process = w.stop();
            if (process != null) {
                processes.put(w, process);
            }
        });
        long deadline = System.currentTimeMillis() + stopGraceMillis;
        processes.values().forEach(p -> p.waitFor(Math.max(0, deadline - System.currentTimeMillis())));
        processes.values().forEach(p -> {
            if (p.isAlive()) {
                LOG.debug("worker pid {} did not exit in {} ms: killing it", p.pid(), stopGraceMillis);
            }
            p.kill();
        });
    }

    private Worker newWorker(String group) {
        // a line is kept only while the job is checked in this group: not after it was released or moved
        return new Worker(group, settings, timer, spawner, json, this::checkRequest, (job, line) -> {
            if (group.equals(groups.get(job))) {
                recentLogs.add(job, line);
            }
        });
    }

    private Worker workerOf(JobId job) {
        String group = groups.get(job);
        return group == null ? null : workers.get(group);
    }

    private ObjectNode checkRequest(JobDefinition job) {
        ObjectNode request = json.createObjectNode()
                .put("op", "check")
                .put("job", job.id().toString())
                .put("kind", job.kind() == JobKind.PYTHON_D ? "python.d" : "pythond")
                .put("module", job.id().module())
                .put("path", job.modulePath().toString())
                .put("job_name", job.id().job())
                .put("min_update_every", job.minUpdateEvery())
                .put("revision", job.revision());
        Object override = job.config().get("name");
        if (override == null) {
            request.putNull("override_name");
        } else {
            request.put("override_name", override.toString());
        }
        if (settings.lockDir() == null) {
            request.putNull("lock_dir");
        } else {
            request.put("lock_dir", settings.lockDir().toString());
        }
        request.set("config", json.valueToTree(job.config()));
        request.set("defaults", json.valueToTree(job.defaults()));
        return request;
    }

    private <T> CompletableFuture<T> async(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            try {
                completions.execute(() -> {
                    if (error != null) {
                        result.completeExceptionally(error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                result.completeExceptionally(new WorkerLostException("the runner stopped"));
            }
        });
        return result;
    }

    /** The worker's error as an exception; its traceback (sent with --trace) goes to the log. */
    private static IllegalStateException failure(JobId job, JsonNode reply, String fallback) {
        return failure(job, reply.path("traceback").asText(), reply.path("error").asText(fallback), fallback);
    }

    /** The worker's error as an exception; its traceback (sent with --trace) goes to the log. */
    private static IllegalStateException failure(JobId job, String traceback, String error, String fallback) {
        if (traceback != null && !traceback.isEmpty()) {
            LOG.error("{}[{}] traceback:\n{}", job.module(), job.job(), traceback.stripTrailing());
        }
        return new IllegalStateException(error == null ? fallback : error);
    }

    private static <T> CompletableFuture<T> notLoaded(JobId job) {
        return CompletableFuture.failedFuture(new io.terrarium.api.JobLostException(job + " is not loaded"));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
