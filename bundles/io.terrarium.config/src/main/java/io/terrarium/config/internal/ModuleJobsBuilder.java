package io.terrarium.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;

/**
 * Builds one module's jobs from its (already loaded) {@code python.d/<module>.conf}, with python.d's rules:
 * <ul>
 * <li>every top-level key whose value is a mapping is a job, in file order; if there is none, the whole file
 * is one job named after the module (a missing or empty file too);</li>
 * <li>only {@code update_every}, {@code priority}, {@code autodetection_retry}, {@code chart_cleanup} and
 * {@code penalty} at the top level are inherited by the jobs; the job's own value wins;</li>
 * <li>each run of whitespace in the job key and in {@code name} becomes one {@code _}.</li>
 * </ul>
 * Beyond python.d (which crashes or drops them): a key or {@code name} that is not a string is used as Python's
 * {@code str()} of it; a job whose id repeats an earlier one after the whitespace rule is reported and skipped;
 * keys with no value ({@code key:}) are left out, so the module's global or the default applies.
 * Terrarium's {@code sinks} ({@link SinkNames}), in a job's section or at the top level as the default of the
 * module's jobs, becomes {@link JobDefinition#sinks()} and is not passed to the module.
 */
final class ModuleJobsBuilder {

    /** The keys a job inherits from the top level of its module's file. */
    static final Set<String> INHERITED_KEYS =
            Set.of("update_every", "priority", "autodetection_retry", "chart_cleanup", "penalty");

    /** Keys python.d sets itself before handing the configuration to {@code Service}; a user's copy is dropped. */
    private static final Set<String> RESERVED_KEYS = Set.of("job_name", "override_name");

    private static final String NAME = "name";
    /**
     * Terrarium's timeouts (the scheduler's check and collect, ExecutableService's command), in seconds: a value
     * that is not a positive number is one error naming file and job, and the default applies (0 used to become a
     * timeout of 1 ms, which killed the worker on every check).
     */
    static final List<String> TIMEOUT_KEYS = List.of("check_timeout", "collect_timeout", "command_timeout");
    /** Terrarium's addition: the interpreter of the module's worker, at the top level of its file. */
    static final String PYTHON = "python";
    /**
     * Terrarium's addition: how many worker processes share the module's jobs (top level of its file). One Python
     * process runs its jobs on one core; more spread them over cores. A job's worker follows from its key alone, so
     * adding or removing a job moves no other.
     */
    static final String WORKERS = "workers";
    static final int MAX_WORKERS = 64;
    /**
     * Without {@code workers}, a module gets a worker per this many jobs, up to one per core: one Python process
     * spends some 30 to 50 us of CPU per quick job and tick (the stock example module, measured here), so a
     * module's batch still ends well inside its second.
     */
    static final int AUTO_JOBS_PER_WORKER = 8000;
    /** Python's {@code \\s} on text: Unicode White_Space plus the separators U+001C..U+001F. */
    private static final Pattern WHITESPACE =
            Pattern.compile("[\\s\\x1c-\\x1f]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Object> defaults;
    private final int minUpdateEvery;

    /**
     * @param defaultUpdateEvery {@code NETDATA_UPDATE_EVERY} or 1
     * @param minUpdateEvery     the plugin's numeric argument, 1 when not given
     */
    ModuleJobsBuilder(int defaultUpdateEvery, int minUpdateEvery) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("update_every", defaultUpdateEvery);
        base.put("priority", 60000);
        base.put("autodetection_retry", 0);
        base.put("chart_cleanup", 10);
        base.put("penalty", true);
        this.defaults = Map.copyOf(base);
        this.minUpdateEvery = minUpdateEvery;
    }

    /** The defaults every python.d job gets ({@link JobDefinition#defaults()}). */
    Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * @param module      the module
     * @param confFile    the module's configuration file, or {@code null} when it has none
     * @param conf        the file's top-level mapping (empty for a missing or empty file)
     * @param interpreter the interpreter python.d.conf names for the module, or {@code null}; a top-level
     *                    {@code python} key in the module's file wins over it. All jobs of a module share one
     *                    worker, so the interpreter is the module's, not a job's.
     */
    List<JobDefinition> build(ModuleSource module, Path confFile, Map<String, Object> conf, String interpreter,
            Consumer<Problem> problems) {
        String origin = (confFile != null ? confFile : module.path()).toString();
        Object ownPython = conf.get(PYTHON);
        if (ownPython instanceof String path && !path.isBlank()) {
            interpreter = path;
        } else if (ownPython != null && !(ownPython instanceof Map)) {
            problems.accept(Problem.warning("module " + module.name() + ": " + origin
                    + ": 'python' must be the path of an interpreter; ignored"));
        }
        String python = interpreter;
        int configured = workers(module, origin, conf, problems);
        long sections = conf.values().stream().filter(value -> value instanceof Map).count();
        int workers = configured > 0 ? configured : (int) Math.max(1, Math.min(
                Runtime.getRuntime().availableProcessors(), (sections + AUTO_JOBS_PER_WORKER - 1) / AUTO_JOBS_PER_WORKER));
        List<String> sinks = topLevelSinks(module, origin, conf, problems);
        List<JobDefinition> jobs = new ArrayList<>();
        Set<JobId> seen = new LinkedHashSet<>();
        Map<String, Object> inherited = new LinkedHashMap<>();
        conf.forEach((key, value) -> {
            if (INHERITED_KEYS.contains(key)) {
                inherited.put(key, value);
            } else if (sections > 0 && TIMEOUT_KEYS.contains(key)) {
                // Terrarium's timeouts at the top of a file with jobs are their default (python.d has no such keys)
                if (positiveSeconds(value) > 0) {
                    inherited.put(key, value);
                } else {
                    problems.accept(Problem.error("module " + module.name() + ": " + origin + ": '" + key
                            + "' must be a positive number of seconds (" + value + "), top level; its jobs use the "
                            + "default"));
                }
            }
        });
        conf.forEach((key, value) -> {
            if (value instanceof Map<?, ?> section) {
                Map<String, Object> config = new LinkedHashMap<>(inherited);
                // the same few keys in every job: one copy of each, not one per job (thousands of jobs in a file)
                section.forEach((k, v) -> config.put(((String) k).intern(), v));
                add(jobs, seen, module, key, config, python, sinks, origin, workers, problems);
            }
        });
        if (jobs.isEmpty()) {
            Map<String, Object> config = new LinkedHashMap<>(conf);
            if (config.get(PYTHON) instanceof String) {
                config.remove(PYTHON);
            }
            config.remove(WORKERS);
            // the whole file is the job: its sinks key is the job's own, read in add()
            add(jobs, seen, module, module.name(), config, python, List.of(), origin, 1, problems);
        }
        return jobs;
    }

    private static int workers(ModuleSource module, String origin, Map<String, Object> conf,
            Consumer<Problem> problems) {
        Object value = conf.get(WORKERS);
        if (value == null || value instanceof Map) {
            return 0; // chosen by the number of jobs
        }
        if (value instanceof Integer count && count >= 1 && count <= MAX_WORKERS) {
            return count;
        }
        problems.accept(Problem.warning("module " + module.name() + ": " + origin + ": 'workers' must be a whole number"
                + " from 1 to " + MAX_WORKERS + " (" + value + "); its jobs share one worker"));
        return 1;
    }

    /** The worker group of a job: the module's, or with several workers one of {@code <module>#<n>}; 0 for none. */
    static String workerGroup(String module, String jobKey, int workers) {
        return workers <= 1 ? module : module + "#" + (Math.floorMod(jobKey.hashCode(), workers) + 1);
    }

    /**
     * The top level's {@code sinks}, the default of jobs that have none, when the file has job sections; an invalid
     * value is one error and the jobs feed every sink.
     */
    private static List<String> topLevelSinks(ModuleSource module, String origin, Map<String, Object> conf,
            Consumer<Problem> problems) {
        Object value = conf.get(SinkNames.KEY);
        boolean hasSections = conf.values().stream().anyMatch(v -> v instanceof Map);
        if (!hasSections || value instanceof Map) {
            return List.of();
        }
        return SinkNames.parse(value).orElseGet(() -> {
            problems.accept(Problem.error("module " + module.name() + ": " + origin + ": " + SinkNames.EXPECTED
                    + " (top level: " + value + "); its jobs without their own 'sinks' feed every sink"));
            return List.of();
        });
    }

    private void add(List<JobDefinition> jobs, Set<JobId> seen, ModuleSource module, String key,
            Map<String, Object> config, String interpreter, List<String> inheritedSinks, String origin, int workers,
            Consumer<Problem> problems) {
        config.values().removeIf(Objects::isNull);
        config.keySet().removeAll(RESERVED_KEYS);
        String jobKey = sanitize(key);
        if (jobKey.isEmpty()) {
            // python.d shows such a job under the module's name
            jobKey = module.name();
        }
        JobId id = new JobId(module.name(), jobKey);
        if (!seen.add(id)) {
            problems.accept(Problem.warning("module " + module.name() + ": " + origin + ": job '" + key
                    + "' has the same id as an earlier job (" + id + ") once whitespace becomes '_'; skipped"));
            return;
        }
        List<String> sinks = inheritedSinks;
        if (config.containsKey(SinkNames.KEY)) {
            Object value = config.remove(SinkNames.KEY);
            String job = jobKey;
            sinks = SinkNames.parse(value).orElseGet(() -> {
                problems.accept(Problem.error("module " + module.name() + ": " + origin + ": job '" + job + "': "
                        + SinkNames.EXPECTED + " (" + value + "); the job feeds every sink"));
                return List.of();
            });
        }
        for (String timeout : TIMEOUT_KEYS) {
            Object value = config.get(timeout);
            if (value != null && positiveSeconds(value) < 0) {
                config.remove(timeout);
                problems.accept(Problem.error("module " + module.name() + ": " + origin + ": job '" + jobKey + "': '"
                        + timeout + "' must be a positive number of seconds (" + value + "); using the default"));
            }
        }
        String name = jobKey;
        if (config.containsKey(NAME)) {
            String override = sanitize(PythonValues.str(config.get(NAME)));
            config.put(NAME, override);
            if (!override.isEmpty()) {
                name = override;
            }
        }
        jobs.add(new JobDefinition(id, JobKind.PYTHON_D, name, module.path(), interpreter,
                workerGroup(module.name(), jobKey, workers), config,
                defaults, origin, sinks, minUpdateEvery, Map.of()));
    }

    /** A number of seconds above zero (a YAML number, or text that is one), else -1. */
    static double positiveSeconds(Object value) {
        double seconds = -1;
        if (value instanceof Number number) {
            seconds = number.doubleValue();
        } else if (value instanceof String text) {
            try {
                seconds = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return seconds > 0 && Double.isFinite(seconds) ? seconds : -1;
    }

    /** python.d's {@code re.sub(r'\s+', '_', text)}. */
    static String sanitize(String text) {
        return WHITESPACE.matcher(text).replaceAll("_");
    }
}
