package io.terrarium.config.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.terrarium.api.JobDefinition;

/**
 * Turns python.d's configuration and module folders into job definitions, the way python.d.plugin decides
 * what runs (verified against Netdata 1.37.1's plugin):
 * <ol>
 * <li>{@code python.d.conf} ({@link PluginSwitchesReader}): {@code enabled: no} means nothing runs;</li>
 * <li>modules ({@link ModuleFinder}); with modules named on the command line only those are considered, and a
 * name that matches no module is an error after which nothing runs (python.d exits with {@code DISABLE});</li>
 * <li>a module runs when {@code <module>: yes}, or when it is not mentioned and {@code default_run} is yes, and
 * additionally, if its source sets {@code disabled_by_default = True}, only with an explicit
 * {@code <module>: yes}. Naming a module on the command line does not override either;</li>
 * <li>its jobs come from the first {@code python.d/<module>.conf} in the config folders, no merging
 * ({@link ModuleJobsBuilder}); a file that is not valid YAML, or not a mapping, skips the module.</li>
 * </ol>
 * Each job's {@code revision} is its module file's {@link SourceFingerprint}: an edited module restarts its jobs.
 *
 * <p>An instance remembers the previous scan's jobs ({@link LastGoodJobs}): on a later scan, a module file that
 * cannot be used leaves that module's jobs exactly as they were, and an unusable {@code python.d.conf} leaves every
 * python.d job as it was (what it switches cannot be known). The first scan has nothing to keep: the module is
 * skipped, the python.d.conf counts as empty, as python.d does. Every such file is one error naming file and line.
 *
 * <p>Plain Java, no OSGi; one instance may be used by one thread at a time.
 */
final class PythonDConfigLoader {

    private final PluginSwitchesReader switchesReader = new PluginSwitchesReader();
    private final ModuleFinder moduleFinder = new ModuleFinder();
    private final DisabledByDefaultScanner disabledByDefault = new DisabledByDefaultScanner();
    private final PyYamlReader yaml = new PyYamlReader();
    /** Each module's jobs in the previous scan (before the job filter). */
    private final LastGoodJobs<String> lastGood = new LastGoodJobs<>();
    /** What the previous scan returned; {@code null} before the first. */
    private List<JobDefinition> lastJobs;

    ScanResult load(PythonDSettings settings) {
        lastGood.beginScan();
        ScanResult result = scan(settings);
        lastGood.endScan();
        lastJobs = result.jobs();
        return result;
    }

    private ScanResult scan(PythonDSettings settings) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<JobDefinition> jobs = new ArrayList<>();

        PluginSwitchesReader.Result read = switchesReader.read(settings.configDirs());
        if (!read.unusable().isEmpty() && lastJobs != null) {
            // a module file that is gone takes its jobs with it, whatever the switches would say
            List<JobDefinition> kept = lastJobs.stream().filter(job -> Files.isRegularFile(job.modulePath())).toList();
            for (PluginSwitchesReader.Unusable file : read.unusable()) {
                problems.add(Problem.error("python.d.conf: " + file.reason()
                        + "; keeping every python.d job as it was (" + kept.size() + " job(s))",
                        file.fingerprint()));
            }
            lastGood.keepPrevious();
            return new ScanResult(kept, problems, notes);
        }
        read.unusable().forEach(file -> problems.add(
                Problem.error("python.d.conf: " + file.reason() + " (file ignored)", file.fingerprint())));
        PluginSwitches switches = read.switches();
        if (!switches.pluginEnabled()) {
            notes.add("python.d is disabled in python.d.conf (enabled: no): no module runs");
            return new ScanResult(jobs, problems, notes);
        }

        List<ModuleSource> modules = moduleFinder.find(settings.moduleDirs(), problems::add);
        if (!settings.commandLineModules().isEmpty()) {
            modules = selectNamed(modules, settings.commandLineModules(), problems::add);
        }

        ModuleJobsBuilder builder = new ModuleJobsBuilder(settings.defaultUpdateEvery(), settings.minUpdateEvery());
        for (ModuleSource module : modules) {
            if (!switches.moduleEnabled(module.name())) {
                notes.add("module " + module.name() + " is disabled in python.d.conf, skipping it");
                continue;
            }
            if (disabledByDefault.isDisabledByDefault(module, problems::add)
                    && !switches.moduleExplicitlyEnabled(module.name())) {
                notes.add("module " + module.name() + " is disabled by default (disabled_by_default in "
                        + module.path() + "; enable it with '" + module.name() + ": yes' in python.d.conf), skipping it");
                continue;
            }
            List<JobDefinition> moduleJobs = buildJobs(module, settings.configDirs(), builder,
                    switches.interpreter(module.name()), problems::add);
            lastGood.record(module.name(), moduleJobs);
            jobs.addAll(moduleJobs);
        }
        if (!settings.jobs().isEmpty()) {
            jobs = selectJobs(jobs, settings.jobs(), problems::add);
        }
        return new ScanResult(jobs, problems, notes);
    }

    /**
     * Keeps the named modules. An unknown name is one error line with close matches; the known names still
     * run. (python.d refuses the whole command line when one name is unknown, so one typo silences every
     * module: we do not copy that.)
     */
    private static List<ModuleSource> selectNamed(List<ModuleSource> modules, List<String> names,
            Consumer<Problem> problems) {
        Set<String> available = new LinkedHashSet<>();
        modules.forEach(m -> available.add(m.name()));
        for (String name : new LinkedHashSet<>(names)) {
            if (available.contains(name)) {
                continue;
            }
            List<String> guesses = CloseMatches.of(name, available);
            problems.accept(Problem.error("unknown module '" + name + "' on the command line"
                    + (guesses.isEmpty() ? "" : ", probably you meant: " + String.join(", ", guesses))));
        }
        return modules.stream().filter(m -> names.contains(m.name())).toList();
    }

    /** Keeps the jobs named by key (or by their {@code name}); a name that matches nothing is one error line. */
    private static List<JobDefinition> selectJobs(List<JobDefinition> jobs, List<String> names,
            Consumer<Problem> problems) {
        List<JobDefinition> kept = jobs.stream()
                .filter(job -> names.contains(job.id().job()) || names.contains(job.name())).toList();
        for (String name : names) {
            if (jobs.stream().noneMatch(job -> job.id().job().equals(name) || job.name().equals(name))) {
                List<String> known = jobs.stream().map(job -> job.id().job()).toList();
                problems.accept(Problem.error("no job '" + name + "'" + (known.isEmpty() ? ""
                        : " (the jobs are: " + String.join(", ", known) + ")")));
            }
        }
        return kept;
    }

    private List<JobDefinition> buildJobs(ModuleSource module, List<Path> configDirs, ModuleJobsBuilder builder,
            String interpreter, Consumer<Problem> problems) {
        Path confFile = findModuleConf(module.name(), configDirs);
        Map<String, Object> conf = Map.of();
        if (confFile != null) {
            Object document;
            try {
                document = yaml.read(confFile);
            } catch (PyYamlReader.UnreadableFileException e) {
                return keepOrSkip(module.name(), e.getMessage(), confFile, problems);
            }
            if (document instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> top = (Map<String, Object>) map;
                conf = top;
            } else if (document != null) {
                return keepOrSkip(module.name(), confFile + ": not a YAML mapping of jobs or keys", confFile,
                        problems);
            }
        }
        String revision = SourceFingerprint.of(module.path());
        return builder.build(module, confFile, conf, interpreter, problems).stream()
                .map(job -> job.withRevision(revision)).toList();
    }

    /**
     * A module file that cannot be used: the module's jobs of the previous scan, unchanged (so nothing restarts),
     * or none when it had none.
     */
    private List<JobDefinition> keepOrSkip(String module, String reason, Path confFile, Consumer<Problem> problems) {
        List<JobDefinition> kept = lastGood.previous(module).orElse(List.of());
        String outcome = kept.isEmpty() ? "module skipped"
                : "keeping " + module + "'s " + kept.size() + " running job(s) as they were";
        problems.accept(Problem.error("module " + module + ": " + reason + "; " + outcome,
                SourceFingerprint.of(confFile)));
        return kept;
    }

    /** The first {@code python.d/<module>.conf} in the config folders, or {@code null}. */
    private static Path findModuleConf(String module, List<Path> configDirs) {
        for (Path dir : configDirs) {
            Path file = dir.resolve("python.d").resolve(module + ".conf");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }
}
