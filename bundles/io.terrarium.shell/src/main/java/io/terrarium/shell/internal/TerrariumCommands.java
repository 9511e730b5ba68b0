package io.terrarium.shell.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.DeliveryQueues;
import io.terrarium.api.JobControl;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobSource;
import io.terrarium.api.JobStatus;
import io.terrarium.api.LogLine;
import io.terrarium.api.RunOnce;
import io.terrarium.api.Sink;
import io.terrarium.api.WorkerPool;

/**
 * Gogo commands in scope {@code terrarium}. Every command returns the text to print (Gogo prints a returned
 * string), problems included, as one line that names what is wrong.
 *
 * <p>Gogo finds a command's method by the command's name, case ignored, and its {@code help} reads the
 * {@link Descriptor}s of the method of exactly that name; a Java method cannot be named {@code sink-create}, so the
 * sink commands are {@code sinkCreate}, {@code sinkChange} and {@code sinkDelete} here (with help), and
 * {@link SinkCreateCommand} and its siblings answer to the hyphenated names.
 *
 * <p>Threading: Gogo calls commands from session threads, concurrently; DS binds and unbinds from its own. Every
 * command works on snapshots of the bound services.
 */
@Component(service = TerrariumCommands.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=jobs",
        "osgi.command.function=modules",
        "osgi.command.function=sources",
        "osgi.command.function=workers",
        "osgi.command.function=sinks",
        "osgi.command.function=run",
        "osgi.command.function=enable",
        "osgi.command.function=disable",
        "osgi.command.function=reload",
        "osgi.command.function=sinkCreate",
        "osgi.command.function=sinkChange",
        "osgi.command.function=sinkDelete",
        "osgi.command.function=repoAdd",
        "osgi.command.function=repoChange",
        "osgi.command.function=repoDelete",
        "osgi.command.function=log" })
public final class TerrariumCommands {

    private static final Logger LOG = LoggerFactory.getLogger(TerrariumCommands.class);

    /** How long {@code run} waits for a result: a first check may import a module and connect to a service. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    static final int LOG_LINES = 20;

    private final JobControl jobControl;
    private final WorkerPool workerPool;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration runTimeout;
    // Thread-safe registries, updated by DS
    private final BoundServices<JobSource> sources = new BoundServices<>();
    private final BoundServices<Sink> sinks = new BoundServices<>();
    private final BoundServices<CollectorTree> trees = new BoundServices<>();
    // Set and cleared by DS; read once per command
    private final AtomicReference<ConfigurationAdmin> configurationAdmin = new AtomicReference<>();
    private final AtomicReference<DeliveryQueues> deliveryQueues = new AtomicReference<>();

    @Activate
    public TerrariumCommands(@Reference JobControl jobControl, @Reference WorkerPool workerPool) {
        this(jobControl, workerPool, Clock.systemDefaultZone(), ZoneId.systemDefault(), RUN_TIMEOUT);
    }

    /** For tests: a fixed clock and zone make the tables exact; a short run timeout keeps them fast. */
    TerrariumCommands(JobControl jobControl, WorkerPool workerPool, Clock clock, ZoneId zone, Duration runTimeout) {
        this.jobControl = jobControl;
        this.workerPool = workerPool;
        this.clock = clock;
        this.zone = zone;
        this.runTimeout = runTimeout;
    }

    @Reference(name = "sources", service = JobSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeSource")
    void addSource(JobSource source, Map<String, Object> properties) {
        sources.put(source, properties);
    }

    void removeSource(JobSource source) {
        sources.remove(source);
    }

    @Reference(name = "trees", service = CollectorTree.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeTree")
    void addTree(CollectorTree tree, Map<String, Object> properties) {
        trees.put(tree, properties);
    }

    void removeTree(CollectorTree tree) {
        trees.remove(tree);
    }

    @Reference(name = "sinks", service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedSink", unbind = "removeSink")
    void addSink(Sink sink, Map<String, Object> properties) {
        sinks.put(sink, properties);
    }

    void updatedSink(Sink sink, Map<String, Object> properties) {
        sinks.put(sink, properties);
    }

    void removeSink(Sink sink) {
        sinks.remove(sink);
    }

    @Reference(name = "configurationAdmin", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unsetConfigurationAdmin")
    void setConfigurationAdmin(ConfigurationAdmin admin) {
        configurationAdmin.set(admin);
    }

    void unsetConfigurationAdmin(ConfigurationAdmin admin) {
        // a greedy replacement is bound before the old one is unbound
        configurationAdmin.compareAndSet(admin, null);
    }

    @Reference(name = "deliveryQueues", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unsetDeliveryQueues")
    void setDeliveryQueues(DeliveryQueues queues) {
        deliveryQueues.set(queues);
    }

    void unsetDeliveryQueues(DeliveryQueues queues) {
        deliveryQueues.compareAndSet(queues, null);
    }

    @Descriptor("list every job: kind, state, interval, last run and its duration, runs, failures in a row, records"
            + " refused by validation, penalty, the sinks it feeds (all = every sink), source and last problem")
    public String jobs() {
        return StatusTables.jobs(jobControl.jobs(), id -> true, zone);
    }

    @Descriptor("list the jobs of a module, or those matching a glob")
    public String jobs(@Descriptor("a module, a job (module/job), or a glob on either: host*, */local") String filter) {
        Predicate<JobId> matches = new JobFilter(filter);
        List<JobStatus> jobs = jobControl.jobs();
        if (jobs.stream().noneMatch(job -> matches.test(job.id()))) {
            return "no job matches " + filter;
        }
        return StatusTables.jobs(jobs, matches, zone);
    }

    @Descriptor("list the collector modules the job sources define: kind, source, jobs, jobs running, worker group,"
            + " file")
    public String modules() {
        List<StatusTables.SourceJobs> defined = new ArrayList<>();
        for (JobSource source : sortedSources()) {
            String name = nameOf(source);
            try {
                defined.add(new StatusTables.SourceJobs(name, source.jobs(), null));
            } catch (RuntimeException e) {
                defined.add(new StatusTables.SourceJobs(name, List.of(), "jobs() failed: " + reason(e)));
            }
        }
        return StatusTables.modules(defined, jobControl.jobs());
    }

    @Descriptor("list the job sources (conf.d, collector bundles, git repositories): kind, jobs, and for a repository"
            + " where it is pulled from, branch, commit, last and next pull and the last pull's error")
    public String sources() {
        Map<String, CollectorTree> byName = new HashMap<>();
        for (BoundServices.Bound<CollectorTree> bound : trees.snapshot()) {
            try {
                byName.put(bound.service().name(), bound.service());
            } catch (RuntimeException e) {
                // gone meanwhile
            }
        }
        Table table = new Table("SOURCE", "KIND", "JOBS", "ORIGIN", "BRANCH", "COMMIT", "LAST-PULL", "NEXT-PULL",
                "ERROR");
        for (BoundServices.Bound<JobSource> bound : sources.snapshot().stream()
                .sorted(Comparator.comparing(b -> nameOf(b.service()))).toList()) {
            String name = nameOf(bound.service());
            String jobs;
            try {
                jobs = Integer.toString(bound.service().jobs().size());
            } catch (RuntimeException e) {
                jobs = "jobs() failed: " + reason(e);
            }
            CollectorTree tree = byName.get(name);
            Object bundleId = bound.properties().get("terrarium.collector.bundle.id");
            if (tree != null) {
                CollectorTree.Status status = tree.status();
                table.row(name, "git", jobs, status.origin(), status.branch(),
                        CollectorTree.shortRevision(status.revision()),
                        Cells.time(status.lastUpdate().orElse(null), zone),
                        Cells.time(status.nextUpdate().orElse(null), zone), status.lastError().orElse(null));
            } else if (bundleId != null) {
                table.row(name, "bundle", jobs, "bundle " + bundleId);
            } else {
                table.row(name, name.equals("conf.d") ? "conf.d" : "source", jobs);
            }
        }
        return table.size() == 0 ? "no job sources" : table.render();
    }

    @Descriptor("list the Python worker processes: group, pid, state, jobs, modules, resident memory, uptime,"
            + " restarts")
    public String workers() {
        return StatusTables.workers(workerPool.workers(), clock.instant());
    }

    @Descriptor("list every sink: type, state, target and counters (- = not counted), then its delivery queue: results"
            + " waiting of the most it holds, results dropped because it was full, how long the sink has been in its"
            + " current delivery (when over a second); a sink configuration whose sink is not running shows as not"
            + " active")
    public String sinks() {
        List<String> notes = new ArrayList<>();
        List<Configuration> configurations = List.of();
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            notes.add("(ConfigurationAdmin is not available: sink configurations without a running sink are not"
                    + " shown)");
        } else {
            try {
                configurations = new SinkConfigurations(admin).list();
            } catch (IOException | RuntimeException e) {
                notes.add("(sink configurations could not be read: " + reason(e) + ")");
            }
        }
        List<BoundServices.Bound<Sink>> bound = sinks.snapshot();
        return StatusTables.sinks(SinkEntry.inventory(bound, configurations), queuesOf(bound), clock.instant(), notes);
    }

    /** Each bound sink's delivery queue, matched by service id; empty without the scheduler. */
    private Map<Sink, DeliveryQueueStatus> queuesOf(List<BoundServices.Bound<Sink>> bound) {
        Map<Sink, DeliveryQueueStatus> bySink = new java.util.IdentityHashMap<>();
        DeliveryQueues queues = deliveryQueues.get();
        if (queues == null) {
            return bySink;
        }
        Map<Long, DeliveryQueueStatus> byId = new HashMap<>();
        for (DeliveryQueueStatus queue : queues.queues()) {
            byId.put(queue.sinkServiceId(), queue);
        }
        for (BoundServices.Bound<Sink> service : bound) {
            if (service.properties().get("service.id") instanceof Number id && byId.containsKey(id.longValue())) {
                bySink.put(service.service(), byId.get(id.longValue()));
            }
        }
        return bySink;
    }

    @Descriptor("collect a job once now and show what each sink would receive (nothing is sent), then what"
            + " validation refused")
    public String run(@Descriptor("the job: module/job, or a module that has one job") String job) {
        JobArgument argument = resolve(job);
        if (argument.problem() != null) {
            return argument.problem();
        }
        JobId id = argument.job();
        Instant start = clock.instant();
        try {
            CompletableFuture<RunOnce> future = jobControl.runOnce(id);
            RunOnce run = future.get(runTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return RunOnceReport.of(id, run, Duration.between(start, clock.instant()), sinkTypes());
        } catch (TimeoutException e) {
            return "run " + id + ": no result after " + Cells.duration(runTimeout)
                    + " (the run goes on in the background; it is delivered to no sink)";
        } catch (ExecutionException e) {
            return "run " + id + ": " + reason(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "run " + id + ": interrupted";
        } catch (RuntimeException e) {
            return "run " + id + ": " + reason(e);
        }
    }

    @Descriptor("start a job an operator disabled (or re-check one that failed for good)")
    public String enable(@Descriptor("the job: module/job, or a module that has one job") String job) {
        JobArgument argument = resolve(job);
        if (argument.problem() != null) {
            return argument.problem();
        }
        try {
            return jobControl.enable(argument.job()) ? "enabled " + argument.job()
                    : argument.job() + " was already enabled (it runs or is being checked)";
        } catch (RuntimeException e) {
            return "enable " + argument.job() + ": " + reason(e);
        }
    }

    @Descriptor("stop a job until it is enabled again (or the container restarts)")
    public String disable(@Descriptor("the job: module/job, or a module that has one job") String job) {
        JobArgument argument = resolve(job);
        if (argument.problem() != null) {
            return argument.problem();
        }
        try {
            return jobControl.disable(argument.job()) ? "disabled " + argument.job()
                    : argument.job() + " was already disabled";
        } catch (RuntimeException e) {
            return "disable " + argument.job() + ": " + reason(e);
        }
    }

    @Descriptor("read every job source's configuration again; say how many jobs each has and which were added,"
            + " removed or changed")
    public String reload() {
        List<JobSource> all = sortedSources();
        if (all.isEmpty()) {
            return "no job sources";
        }
        List<String> reports = new ArrayList<>();
        for (JobSource source : all) {
            String name = nameOf(source);
            try {
                List<JobDefinition> before = source.jobs();
                source.refresh();
                reports.add(ReloadReport.of(name, before, source.jobs()));
            } catch (RuntimeException e) {
                reports.add(name + ": reload failed: " + reason(e));
            }
        }
        return String.join("\n", reports);
    }

    @Descriptor("create a sink: a factory configuration io.terrarium.sink.<type>~<name> (values are strings)")
    public String sinkCreate(@Descriptor("the sink type: file, prometheus, datakit, ...") String type,
            @Descriptor("the sink's name, which jobs use in their sinks setting") String name,
            @Descriptor("settings, key=value ...") String... settings) {
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            return "sink-create: ConfigurationAdmin is not available, so sinks cannot be created";
        }
        try {
            SinkConfigurations configurations = new SinkConfigurations(admin);
            String result = configurations.create(type, name, List.of(settings), inventory(configurations));
            logIfDone(result, "created ");
            return result;
        } catch (IOException | RuntimeException e) {
            return "sink-create: " + reason(e);
        }
    }

    @Descriptor("create a sink with its type's defaults")
    public String sinkCreate(@Descriptor("the sink type: file, prometheus, datakit, ...") String type,
            @Descriptor("the sink's name, which jobs use in their sinks setting") String name) {
        return sinkCreate(type, name, new String[0]);
    }

    @Descriptor("change a sink's configuration: the given keys are set, key= removes a key, the others stay")
    public String sinkChange(@Descriptor("the sink's name") String name,
            @Descriptor("settings, key=value ... (key= removes the key)") String... settings) {
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            return "sink-change: ConfigurationAdmin is not available, so sinks cannot be changed";
        }
        try {
            SinkConfigurations configurations = new SinkConfigurations(admin);
            String result = configurations.change(name, List.of(settings), inventory(configurations));
            logIfDone(result, "changed ");
            return result;
        } catch (IOException | RuntimeException e) {
            return "sink-change: " + reason(e);
        }
    }

    @Descriptor("delete a sink's configuration, which stops the sink")
    public String sinkDelete(@Descriptor("the sink's name") String name) {
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            return "sink-delete: ConfigurationAdmin is not available, so sinks cannot be deleted";
        }
        try {
            SinkConfigurations configurations = new SinkConfigurations(admin);
            String result = configurations.delete(name, inventory(configurations));
            logIfDone(result, "deleted ");
            return result;
        } catch (IOException | RuntimeException e) {
            return "sink-delete: " + reason(e);
        }
    }

    @Descriptor("add a git repository of collectors: a factory configuration io.terrarium.config.git~<name>"
            + " (url=... required; branch, pullInterval, timeout, username, passwordFile, enable)")
    public String repoAdd(@Descriptor("the repository's name: its job source's name") String name,
            @Descriptor("settings, key=value ...") String... settings) {
        return repositories("repo-add", configurations -> configurations.add(name, List.of(settings)), "added ");
    }

    @Descriptor("change a git repository's configuration: the given keys are set, key= removes a key; pulls at once")
    public String repoChange(@Descriptor("the repository's name") String name,
            @Descriptor("settings, key=value ... (key= removes the key)") String... settings) {
        return repositories("repo-change", configurations -> configurations.change(name, List.of(settings)),
                "changed ");
    }

    @Descriptor("delete a git repository's configuration: its jobs stop and its checkout is removed")
    public String repoDelete(@Descriptor("the repository's name") String name) {
        return repositories("repo-delete", configurations -> configurations.delete(name), "deleted ");
    }

    private interface RepositoryEdit {
        String apply(RepositoryConfigurations configurations) throws IOException;
    }

    private String repositories(String command, RepositoryEdit edit, String done) {
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            return command + ": ConfigurationAdmin is not available, so repositories cannot be configured";
        }
        try {
            String result = edit.apply(new RepositoryConfigurations(admin));
            logIfDone(result, done);
            return result;
        } catch (IOException | RuntimeException e) {
            return command + ": " + reason(e);
        }
    }

    @Descriptor("show a job's last " + LOG_LINES + " log lines, from its module and from the scheduler")
    public String log(@Descriptor("the job: module/job, or a module that has one job") String job) {
        return log(job, LOG_LINES);
    }

    @Descriptor("show a job's last log lines, from its module and from the scheduler")
    public String log(@Descriptor("the job: module/job, or a module that has one job") String job,
            @Descriptor("how many lines") int lines) {
        if (lines <= 0) {
            return "log: the number of lines must be positive: " + lines;
        }
        JobArgument argument = resolve(job);
        if (argument.problem() != null) {
            return argument.problem();
        }
        List<LogLine> recent;
        try {
            recent = jobControl.recentLog(argument.job());
        } catch (RuntimeException e) {
            return "log " + argument.job() + ": " + reason(e);
        }
        if (recent.isEmpty()) {
            return "no log lines for " + argument.job();
        }
        List<String> out = new ArrayList<>();
        for (LogLine line : recent.subList(Math.max(0, recent.size() - lines), recent.size())) {
            out.add(String.format("%s %-5s %s", Cells.logTime(line.time(), zone), line.level(),
                    Cells.oneLine(line.message())).stripTrailing());
        }
        return String.join("\n", out);
    }

    private JobArgument resolve(String job) {
        return JobArgument.resolve(job, jobControl.jobs().stream().map(JobStatus::id).toList());
    }

    private List<SinkEntry> inventory(SinkConfigurations configurations) throws IOException {
        return SinkEntry.inventory(sinks.snapshot(), configurations.list());
    }

    /** The type of each running sink, by name, for run's headers. */
    private Map<String, String> sinkTypes() {
        Map<String, String> types = new HashMap<>();
        for (BoundServices.Bound<Sink> bound : sinks.snapshot()) {
            Object type = bound.properties().get(Sink.TYPE);
            if (type != null) {
                types.put(Sink.nameOf(bound.properties()), type.toString());
            }
        }
        return types;
    }

    private List<JobSource> sortedSources() {
        return sources.snapshot().stream()
                .map(BoundServices.Bound::service)
                .sorted(Comparator.comparing(TerrariumCommands::nameOf))
                .toList();
    }

    private static String nameOf(JobSource source) {
        try {
            return source.name();
        } catch (RuntimeException e) {
            return source.getClass().getName();
        }
    }

    /** A sink configuration changed from the shell leaves a line in the log, for whoever wonders later. */
    private static void logIfDone(String result, String done) {
        if (result.startsWith(done)) {
            LOG.info("shell: {}", result);
        }
    }

    /** The message of a failure, on one line; its type when it has none. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : Cells.oneLine(message);
    }
}
