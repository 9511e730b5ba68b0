package io.terrarium.runner.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobLostException;
import io.terrarium.api.LogLine;
import io.terrarium.api.WorkerStatus;

/**
 * One worker group: the python3 process that runs its jobs, the requests in flight, and what to load again
 * when the process has to be replaced. A request that is not answered in time kills the process with its
 * children; the process is started again (at once the first time, then with growing delays) and the jobs
 * it held are checked and created again before new requests go out.
 *
 * <p>What the worker logs about a job, and what this class says about a job (timeouts, restarts), also goes to
 * {@code jobLog}, from the threads that learn it (the process's reader thread, the pool's timer).
 *
 * <p>Locking: state is guarded by "this", held only for in-memory work. Requests are queued under it and written to
 * the process's stdin after it is let go ({@link #flushOutput()}), never on the reader thread: a write waits while the
 * pipe is full, and the worker stops reading requests while its replies are not read.
 */
final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Logger PYTHON_LOG = LoggerFactory.getLogger("io.terrarium.python");

    enum State { STOPPED, STARTING, RELOADING, READY, RESTARTING }

    private final String group;
    private final WorkerSettings settings;
    private final ScheduledExecutorService timer;
    private final java.util.concurrent.ExecutorService spawner;
    private final ObjectMapper json;
    /** The check request of a job (the pool's), for loading it again after a restart. */
    private final Function<JobDefinition, ObjectNode> checkRequests;
    // Called without the lock held where possible; must not call back into this worker.
    private final BiConsumer<JobId, LogLine> jobLog;

    // All access guarded by "this".
    private State state = State.STOPPED;
    private WorkerProcess process;
    private long nextId = 1;
    private int restarts;
    private int failuresInARow;
    /** The interpreter the group's jobs name (they share one), or null for the default. */
    private String interpreter;
    /** Variables the group's jobs add to the worker's environment (they share them). */
    private Map<String, String> environment = Map.of();
    private Instant started;
    private ScheduledFuture<?> restartTask;
    private boolean flushScheduled;
    private final Map<JobId, LoadedJob> jobs = new LinkedHashMap<>();
    private final Map<Key, Pending> inFlight = new HashMap<>();
    private final List<Pending> held = new ArrayList<>();
    private final List<Pending> collectBatch = new ArrayList<>();

    Worker(String group, WorkerSettings settings, ScheduledExecutorService timer,
            java.util.concurrent.ExecutorService spawner, ObjectMapper json,
            Function<JobDefinition, ObjectNode> checkRequests, BiConsumer<JobId, LogLine> jobLog) {
        this.group = group;
        this.checkRequests = checkRequests;
        this.settings = settings;
        this.timer = timer;
        this.spawner = spawner;
        this.json = json;
        this.jobLog = jobLog;
    }

    /** A job whose check passed: loaded again after a restart. */
    private static final class LoadedJob {
        final JobDefinition definition;
        // its check request is built again from the definition when needed: not kept, a few hundred bytes a job
        final Duration timeout;
        final ChartDecoder decoder = new ChartDecoder();
        /** What creating it in its check gave ({@code ok}, {@code error}), until {@link #create} hands it over. */
        JsonNode createdByCheck;

        LoadedJob(JobDefinition definition, Duration timeout) {
            this.definition = definition;
            this.timeout = timeout;
        }
    }

    private record Key(long id, String job) {
    }

    private static final class Pending {
        final JobId job;
        final String op;
        /** The request (without its id), or null for a collect: its entry is written from {@link #interval}. */
        final ObjectNode request;
        final long interval;
        /** Its answer: for a collect {@link #collected}, else {@link #reply}; the other is null. */
        final CompletableFuture<JsonNode> reply;
        final CompletableFuture<CollectReply> collected;
        /** Its own timeout (any op but collect), or null. */
        ScheduledFuture<?> timeout;
        /** A collect's batch, which watches its deadline, until it is answered; guarded by the worker's lock. */
        Deadlines deadlines;
        long deadlineNanos;
        Duration limit;
        Key key;

        Pending(JobId job, String op, ObjectNode request) {
            this(job, op, request, 0);
        }

        Pending(JobId job, String op, ObjectNode request, long interval) {
            this.job = job;
            this.op = op;
            this.request = request;
            this.interval = interval;
            boolean collect = op.equals("collect");
            this.reply = collect ? null : new CompletableFuture<>();
            this.collected = collect ? new CompletableFuture<>() : null;
        }

        boolean isDone() {
            return reply != null ? reply.isDone() : collected.isDone();
        }

        void fail(Throwable why) {
            if (reply != null) {
                reply.completeExceptionally(why);
            } else {
                collected.completeExceptionally(why);
            }
        }
    }

    /**
     * The collects of one tick and one timer task for all of them, not one per job: it fires at the earliest
     * deadline of those still open and again for the next, and is cancelled (and forgets them) once every one is
     * answered. Guarded by the worker's lock.
     */
    private static final class Deadlines {
        final List<Pending> pendings;
        int open;
        ScheduledFuture<?> task;

        Deadlines(List<Pending> pendings) {
            this.pendings = pendings;
            this.open = pendings.size();
            pendings.forEach(pending -> pending.deadlines = this);
        }
    }

    // ---- requests ----

    /** Loads and checks a job; when the check passes the job is held and loaded again after restarts. */
    CompletableFuture<JsonNode> check(JobDefinition definition, ObjectNode request, Duration timeout) {
        synchronized (this) {
            if (!definition.environment().isEmpty()) {
                environment = definition.environment();
            }
            String wanted = definition.interpreter();
            if (wanted != null && !wanted.isBlank() && !wanted.equals(interpreter)) {
                if (interpreter != null) {
                    LOG.warn("worker {}: {} names interpreter {}, but the group runs {}", group, definition.id(),
                            wanted, interpreter);
                    note(definition.id(), "WARN", "names interpreter " + wanted + ", but its worker group " + group
                            + " runs " + interpreter);
                } else {
                    interpreter = wanted;
                }
            }
        }
        // the check creates the job's charts too when it passes: one round trip per job, not two (thousands at start)
        request.put("create", true);
        return submit(definition.id(), "check", request, timeout).thenApply(reply -> {
            if (reply.path("ok").asBoolean() && reply.path("passed").asBoolean()) {
                LoadedJob loaded = new LoadedJob(definition, timeout);
                loaded.createdByCheck = json.createObjectNode().put("ok", reply.path("created").asBoolean())
                        .put("error", reply.path("create_error").asText("create() failed"));
                synchronized (this) {
                    jobs.put(definition.id(), loaded);
                }
            }
            return reply;
        });
    }

    CompletableFuture<JsonNode> create(JobId job, Duration timeout) {
        synchronized (this) {
            LoadedJob loaded = jobs.get(job);
            if (loaded == null) {
                return CompletableFuture.failedFuture(new JobLostException(job + " is not loaded in worker " + group));
            }
            if (loaded.createdByCheck != null) {
                JsonNode outcome = loaded.createdByCheck;
                loaded.createdByCheck = null;
                return CompletableFuture.completedFuture(outcome);
            }
        }
        // only a job checked without creating it (a check request of protocol 1's shape) gets here
        return submit(job, "create", request("create", job), timeout);
    }

    CompletableFuture<CollectReply> collect(JobId job, long intervalMicros, Duration timeout) {
        Pending pending;
        synchronized (this) {
            if (!jobs.containsKey(job)) {
                return CompletableFuture.failedFuture(new JobLostException(job + " is not loaded in worker " + group));
            }
            pending = new Pending(job, "collect", null, intervalMicros);
            pending.limit = timeout;
            pending.deadlineNanos = System.nanoTime() + timeout.toNanos();
            collectBatch.add(pending);
            if (!flushScheduled) {
                // collects submitted in the same instant (one tick) travel in one request
                flushScheduled = true;
                timer.execute(this::flushCollects);
            }
        }
        return pending.collected;
    }

    /** The decoder holding a loaded job's chart definitions, or null. */
    synchronized ChartDecoder decoder(JobId job) {
        LoadedJob loaded = jobs.get(job);
        return loaded == null ? null : loaded.decoder;
    }

    /**
     * Forgets a job. Returns true when the worker holds no job any more: the caller then stops it, unless a
     * check for another job is on its way.
     */
    boolean release(JobId job) {
        synchronized (this) {
            boolean removed = jobs.remove(job) != null;
            if (jobs.isEmpty()) {
                return true;
            }
            if (removed && state == State.READY) {
                Pending unload = new Pending(job, "unload", request("unload", job));
                arm(unload, Duration.ofSeconds(10));
                send(unload);
            }
        }
        flushOutput();
        return false;
    }

    private CompletableFuture<JsonNode> submit(JobId job, String op, ObjectNode request, Duration timeout) {
        Pending pending = new Pending(job, op, request);
        synchronized (this) {
            arm(pending, timeout);
            switch (state) {
                case READY -> send(pending);
                case STOPPED -> {
                    held.add(pending);
                    launch();
                }
                default -> held.add(pending);
            }
        }
        flushOutput();
        return pending.reply;
    }

    private ObjectNode request(String op, JobId job) {
        return json.createObjectNode().put("op", op).put("job", job.toString());
    }

    private void arm(Pending pending, Duration timeout) {
        pending.timeout = timer.schedule(() -> timedOut(pending, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flushCollects() {
        queueCollects();
        flushOutput();
    }

    private void queueCollects() {
        synchronized (this) {
            flushScheduled = false;
            if (collectBatch.isEmpty()) {
                return;
            }
            watch(new Deadlines(new ArrayList<>(collectBatch)));
            if (state != State.READY) {
                held.addAll(collectBatch);
                collectBatch.clear();
                if (state == State.STOPPED) {
                    launch();
                }
                return;
            }
            sendCollects(new ArrayList<>(collectBatch));
            collectBatch.clear();
        }
    }

    // Called with the lock held.
    private void watch(Deadlines deadlines) {
        long earliest = Long.MAX_VALUE;
        for (Pending pending : deadlines.pendings) {
            if (pending.deadlines == deadlines && !pending.isDone()) {
                earliest = Math.min(earliest, pending.deadlineNanos);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return;
        }
        deadlines.task = timer.schedule(() -> sweep(deadlines), Math.max(0, earliest - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void sweep(Deadlines deadlines) {
        List<Pending> late = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Pending pending : deadlines.pendings) {
                if (pending.deadlines == deadlines && !pending.isDone() && pending.deadlineNanos - now <= 0) {
                    late.add(pending);
                }
            }
        }
        for (Pending pending : late) {
            timedOut(pending, pending.limit);
        }
        synchronized (this) {
            if (deadlines.open > 0) {
                watch(deadlines);
            }
        }
    }

    /** The pending call is answered (or failed): its timeout, or its share of its batch's, is no longer needed. */
    private void disarm(Pending pending) {
        if (pending.timeout != null) {
            pending.timeout.cancel(false);
        }
        synchronized (this) {
            Deadlines deadlines = pending.deadlines;
            if (deadlines != null) {
                pending.deadlines = null;
                if (--deadlines.open == 0 && deadlines.task != null) {
                    deadlines.task.cancel(false);
                }
            }
        }
    }

    // Called with the lock held, in state READY.
    private void sendCollects(List<Pending> batch) {
        if (process == null) {
            held.addAll(batch);
            return;
        }
        long id = nextId++;
        // written as text: no tree of nodes for each of thousands of jobs every tick
        StringBuilder request = new StringBuilder(64 + 48 * batch.size())
                .append("{\"id\":").append(id).append(",\"op\":\"collect\",\"jobs\":[");
        JsonStringEncoder quoting = JsonStringEncoder.getInstance();
        for (Pending pending : batch) {
            String job = pending.job.toString();
            pending.key = new Key(id, job);
            inFlight.put(pending.key, pending);
            if (request.charAt(request.length() - 1) == '}') {
                request.append(',');
            }
            request.append("{\"job\":\"").append(quoting.quoteAsString(job)).append("\",\"interval\":")
                    .append(pending.interval).append('}');
        }
        write(request.append("]}").toString());
    }

    // Called with the lock held, in state READY or RELOADING.
    private void send(Pending pending) {
        if (process == null) {
            // lost while sending a batch: goes to the next process
            held.add(pending);
            return;
        }
        long id = nextId++;
        // only collect replies name their job (one request, many jobs); the others are known by id alone
        pending.key = new Key(id, "");
        inFlight.put(pending.key, pending);
        ObjectNode request = pending.request.deepCopy();
        request.put("id", id);
        write(request);
    }

    private void write(ObjectNode request) {
        try {
            write(json.writeValueAsString(request));
        } catch (IOException e) {
            throw new IllegalStateException("a request could not be written as JSON", e); // a tree of our own
        }
    }

    // Called with the lock held: the line is queued, and written by flushOutput() once the lock is let go.
    private void write(String line) {
        process.queue(line);
    }

    /**
     * Writes what was queued for the process. Every method that sends calls it after letting go of the lock: a write
     * waits while the pipe is full, and one made with the lock held could wait for ever (the worker stops reading
     * requests while its replies wait to be read, and the reader thread waits for the lock). On the reader thread
     * itself, or from a callback run with the lock held, it is handed to the timer, for the same reason.
     */
    private void flushOutput() {
        WorkerProcess target;
        synchronized (this) {
            target = process;
        }
        if (target == null || !target.hasQueued()) {
            return;
        }
        if (target.readsOn(Thread.currentThread()) || Thread.holdsLock(this)) {
            try {
                timer.execute(this::flushOutput);
            } catch (RejectedExecutionException stopped) {
                // the pool is shutting down: the worker goes with it
            }
            return;
        }
        try {
            target.flush();
        } catch (IOException e) {
            synchronized (this) {
                if (process == target) {
                    lose("its input pipe failed (" + e.getMessage() + ")");
                }
            }
        }
    }

    private void sendHeld() {
        List<Pending> collects = new ArrayList<>();
        for (Pending pending : held) {
            if (pending.isDone()) {
                continue;
            }
            if (pending.op.equals("collect")) {
                collects.add(pending);
            } else {
                send(pending);
            }
        }
        held.clear();
        if (!collects.isEmpty()) {
            sendCollects(collects);
        }
    }

    // ---- the process ----

    // Called with the lock held.
    private void launch() {
        state = State.STARTING;
        WorkerProcess[] self = new WorkerProcess[1];
        try {
            // Workers ask for SIGKILL when their parent *thread* ends (PR_SET_PDEATHSIG), so they are all started
            // from the pool's one long-lived spawner thread, never from a caller's thread.
            self[0] = spawner.submit(() -> WorkerProcess.start("terrarium-worker-" + group,
                    settings.command(interpreter), workerEnvironment(),
                    (bytes, offset, length) -> onLine(self[0], bytes, offset, length), line -> PYTHON_LOG.info("[{}] {}", group, line),
                    () -> onExit(self[0]))).get();
        } catch (java.util.concurrent.ExecutionException | InterruptedException | RejectedExecutionException failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable e = failure instanceof java.util.concurrent.ExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            String problem = "cannot start " + String.join(" ", settings.command(interpreter)) + ": " + e.getMessage();
            LOG.error("worker {}: {}", group, problem);
            WorkerLostException failed = new WorkerLostException(problem);
            held.forEach(p -> {
                disarm(p);
                p.fail(failed);
            });
            held.clear();
            process = null;
            lose("it could not be started");
            return;
        }
        process = self[0];
        started = Instant.now();
        LOG.debug("worker {}: started pid {}", group, process.pid());
        Duration readyTimeout = settings.readyTimeout();
        WorkerProcess starting = process;
        timer.schedule(() -> {
            synchronized (this) {
                if (process == starting && state == State.STARTING) {
                    lose("it did not report ready within " + readyTimeout.toMillis() + " ms");
                }
            }
        }, readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Called with the lock held.
    private Map<String, String> workerEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /**
     * A message from the worker. A collect reply's {@code jobs} are read entry by entry as the parser goes
     * ({@link CollectReply}); every other field, and every other message, as a tree.
     */
    private void onLine(WorkerProcess from, byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        ObjectNode message = json.createObjectNode();
        List<CollectReply> entries = null;
        try (JsonParser parser = json.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                message = null;
            } else {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    if (parser.nextToken() == JsonToken.START_ARRAY && field.equals("jobs")) {
                        entries = new ArrayList<>();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            entries.add(CollectReply.read(parser));
                        }
                    } else {
                        message.set(field, parser.readValueAsTree());
                    }
                }
            }
        } catch (IOException e) {
            message = null;
        }
        if (message == null) {
            LOG.warn("worker {}: unreadable protocol line: {}", group, abbreviate(bytes, offset, length));
            return;
        }
        switch (message.path("type").asText()) {
            case "reply" -> {
                if (entries != null) {
                    onCollectReply(from, message.path("id").asLong(), entries);
                } else {
                    onReply(from, message);
                }
            }
            case "log" -> log(message);
            case "ready" -> onReady(from);
            default -> LOG.warn("worker {}: unknown message: {}", group, abbreviate(bytes, offset, length));
        }
    }

    private void onReady(WorkerProcess from) {
        List<LoadedJob> reload;
        synchronized (this) {
            if (from != process || state != State.STARTING) {
                return;
            }
            reload = new ArrayList<>(jobs.values());
            if (reload.isEmpty()) {
                state = State.READY;
                sendHeld();
            } else {
                state = State.RELOADING;
                LOG.info("worker {}: loading {} job(s) again", group, reload.size());
            }
        }
        for (LoadedJob job : reload) {
            note(job.definition.id(), "INFO", "worker " + group + " restarted (pid " + from.pid()
                    + "): loading the job again");
        }
        AtomicInteger remaining = new AtomicInteger(reload.size());
        for (LoadedJob job : reload) {
            job.decoder.reset();
            reload(from, job).whenComplete((ok, error) -> {
                if (error != null || !Boolean.TRUE.equals(ok)) {
                    synchronized (this) {
                        if (process == from) {
                            jobs.remove(job.definition.id());
                        }
                    }
                    String why = "dropped: it could not be loaded again after the worker restarted"
                            + (error == null ? "" : " (" + rootMessage(error) + ")");
                    LOG.error("{}: {}", display(job.definition.id()), why);
                    note(job.definition.id(), "ERROR", why);
                }
                if (remaining.decrementAndGet() == 0) {
                    synchronized (this) {
                        if (process == from && state == State.RELOADING) {
                            state = State.READY;
                            sendHeld();
                        }
                    }
                    flushOutput();
                }
            });
        }
        // what sendHeld() queued, or every job's check at once: one hand-off to the timer, not one per job
        flushOutput();
    }

    private CompletableFuture<Boolean> reload(WorkerProcess from, LoadedJob job) {
        ObjectNode request = checkRequests.apply(job.definition).put("create", true);
        Pending check = new Pending(job.definition.id(), "check", request);
        synchronized (this) {
            if (process != from) {
                return CompletableFuture.completedFuture(false);
            }
            arm(check, job.timeout);
            send(check);
        }
        // written by onReady's flushOutput(), after the checks of every job are queued
        // its check request asks for the create as well
        return check.reply.thenApply(reply -> reply.path("ok").asBoolean() && reply.path("passed").asBoolean()
                && reply.path("created").asBoolean());
    }

    /** A collect's job replies, together (protocol 2): each completes its job's pending call. */
    private void onCollectReply(WorkerProcess from, long id, List<CollectReply> entries) {
        List<Pending> answered = new ArrayList<>(entries.size());
        List<CollectReply> answers = new ArrayList<>(entries.size());
        synchronized (this) {
            if (from != process) {
                return;
            }
            for (CollectReply entry : entries) {
                Pending pending = inFlight.remove(new Key(id, entry.job()));
                if (pending != null) {
                    disarm(pending);
                    answered.add(pending);
                    answers.add(entry);
                } else {
                    LOG.debug("worker {}: reply to nothing pending: collect {} of {}", group, id, entry.job());
                }
            }
        }
        for (int i = 0; i < answered.size(); i++) {
            Pending pending = answered.get(i);
            if (pending.collected != null) {
                pending.collected.complete(answers.get(i));
            } else {
                pending.fail(new IllegalStateException("the worker answered " + pending.op + " as a collect"));
            }
        }
    }

    private void onReply(WorkerProcess from, JsonNode reply) {
        long id = reply.path("id").asLong();
        Pending pending;
        synchronized (this) {
            if (from != process) {
                return;
            }
            pending = inFlight.remove(new Key(id, ""));
        }
        if (pending == null) {
            LOG.debug("worker {}: reply to nothing pending: {}", group, reply);
            return;
        }
        disarm(pending);
        if (pending.reply != null) {
            pending.reply.complete(reply);
        } else {
            pending.fail(new IllegalStateException("the worker answered a collect without its jobs"));
        }
    }

    private void log(JsonNode message) {
        String module = message.path("module").asText();
        String job = message.path("job").asText();
        String who = module.isEmpty() ? "worker " + group : job.isEmpty() ? module : module + "[" + job + "]";
        String text = who + ": " + message.path("message").asText();
        String traceback = message.path("traceback").asText();
        switch (message.path("level").asText()) {
            case "DEBUG" -> PYTHON_LOG.debug(text);
            case "INFO" -> PYTHON_LOG.info(text);
            case "WARNING" -> PYTHON_LOG.warn(text);
            default -> PYTHON_LOG.error(text);
        }
        if (!traceback.isEmpty()) {
            PYTHON_LOG.error("{} traceback:\n{}", who, traceback.stripTrailing());
        }
        // only lines naming a job go to that job's recent log (a module's or worker's own do not)
        if (!module.isEmpty() && !job.isEmpty()) {
            note(new JobId(module, job), lineLevel(message.path("level").asText()), message.path("message").asText());
        }
    }

    /** The protocol's level as a {@link LogLine} level. */
    static String lineLevel(String workerLevel) {
        return switch (workerLevel) {
            case "DEBUG" -> "DEBUG";
            case "INFO" -> "INFO";
            case "WARNING" -> "WARN";
            default -> "ERROR";
        };
    }

    private void note(JobId job, String level, String message) {
        jobLog.accept(job, new LogLine(Instant.now(), level, message));
    }

    private void timedOut(Pending pending, Duration timeout) {
        synchronized (this) {
            boolean waiting = pending.key != null ? inFlight.remove(pending.key) == pending
                    : held.remove(pending) || collectBatch.remove(pending);
            if (!waiting) {
                return;
            }
            disarm(pending);
            pending.fail(new TimeoutException(
                    pending.op + " did not answer within " + timeout.toMillis() + " ms"));
            if (pending.key != null && process != null) {
                LOG.error("{}: {} did not answer within {} ms: killing worker {} (pid {}) and its children",
                        display(pending.job), pending.op, timeout.toMillis(), group, process.pid());
                note(pending.job, "ERROR", pending.op + " did not answer within " + timeout.toMillis()
                        + " ms: worker " + group + " (pid " + process.pid() + ") killed with its children");
                lose(pending.op + " of " + pending.job + " timed out");
            }
        }
    }

    private void onExit(WorkerProcess from) {
        // stdout ends a moment before the process is reaped: wait for it outside the lock
        String status = from.waitFor(1000) ? "it exited with status " + from.exitCode() : "its output closed";
        synchronized (this) {
            if (from == process) {
                lose(status);
            }
        }
    }

    /**
     * The current process is gone or must go: fails what it was doing, kills what is left of it and
     * schedules a replacement if the worker still has work. Called with the lock held.
     */
    private void lose(String reason) {
        WorkerProcess old = process;
        process = null;
        boolean wasRunning = state != State.STOPPED;
        if (old != null) {
            old.kill();
        }
        WorkerLostException lost = new WorkerLostException("worker " + group + " was lost: " + reason);
        // a copy: completing a future runs callbacks, which may send (and so add to inFlight) again
        List<Pending> failed = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (Pending pending : failed) {
            disarm(pending);
            pending.fail(lost);
        }
        if (!wasRunning) {
            return;
        }
        if (started != null && Duration.between(started, Instant.now()).compareTo(settings.stableAfter()) > 0) {
            failuresInARow = 0;
        }
        failuresInARow++;
        if (jobs.isEmpty() && held.isEmpty() && collectBatch.isEmpty()) {
            LOG.warn("worker {}: {}; no jobs left, not restarting", group, reason);
            state = State.STOPPED;
            return;
        }
        Duration delay = settings.restartDelay(failuresInARow);
        LOG.warn("worker {}: {}; restarting in {} ms ({} job(s) to load again)", group, reason, delay.toMillis(),
                jobs.size());
        for (JobId job : jobs.keySet()) {
            note(job, "WARN", "worker " + group + (old == null ? "" : " (pid " + old.pid() + ")") + " was lost: "
                    + reason + "; restarting it in " + delay.toMillis() + " ms");
        }
        state = State.RESTARTING;
        restarts++;
        restartTask = timer.schedule(() -> {
            synchronized (this) {
                if (state == State.RESTARTING) {
                    launch();
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the worker for good: fails everything pending and asks the process to exit. Returns the process so
     * the caller can wait for it (all workers at once) and kill it if it does not go.
     */
    WorkerProcess stop() {
        WorkerProcess old;
        List<Pending> failed = new ArrayList<>();
        synchronized (this) {
            state = State.STOPPED;
            if (restartTask != null) {
                restartTask.cancel(false);
            }
            old = process;
            process = null;
            failed.addAll(inFlight.values());
            failed.addAll(held);
            failed.addAll(collectBatch);
            inFlight.clear();
            held.clear();
            collectBatch.clear();
            jobs.clear();
        }
        WorkerLostException stopped = new WorkerLostException("worker " + group + " stopped");
        failed.forEach(p -> {
            disarm(p);
            p.fail(stopped);
        });
        if (old != null) {
            old.closeInput();
        }
        return old;
    }

    /** A snapshot; the memory figure is read from /proc outside the lock (a few small reads). */
    WorkerStatus status() {
        WorkerStatus status;
        synchronized (this) {
            TreeSet<String> modules = new TreeSet<>();
            jobs.keySet().forEach(job -> modules.add(job.module()));
            String shown = switch (state) {
                case READY -> "running";
                case STARTING, RELOADING -> "starting";
                case RESTARTING -> "restarting";
                case STOPPED -> "stopped";
            };
            status = new WorkerStatus(group, process == null ? -1 : process.pid(), List.copyOf(modules), jobs.size(),
                    process == null ? null : started, restarts, shown);
        }
        long rss = status.pid() > 0 ? ProcessTreeMemory.residentBytes(status.pid()) : -1;
        return new WorkerStatus(status.group(), status.pid(), status.modules(), status.jobs(), status.started(),
                status.restarts(), status.state(), rss);
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    static String display(JobId job) {
        return job.module() + "[" + job.job() + "]";
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String abbreviate(byte[] bytes, int offset, int length) {
        String start = new String(bytes, offset, Math.min(length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return length <= 200 ? start : start + "...";
    }
}
