package io.terrarium.config.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobKind;

/**
 * Turns one extracted collector bundle ({@link CollectorFolders}) into job definitions, with the same loaders as the
 * conf.d folders and these rules:
 * <ul>
 * <li>python.d modules are the bundle's {@code python.d/<m>.chart.py}. {@code python.d.conf} is the bundle's, overridden
 * key by key by the operator's (the container's config folders), so the operator may switch a bundle module off (or
 * on) by name, and a module the bundle switches off stays off unless the operator says {@code <m>: yes}. A module's
 * {@code python.d/<m>.conf} is the first found in the operator's config folders, then in the bundle's.</li>
 * <li>DataKit pythond tables come only from the bundle's own {@code conf.d/*.conf}; their relative {@code dirs} are
 * under the bundle's {@code python.d/}. Their worker groups are {@code pythond:<bsn>:<table name>}, so a bundle's
 * table never shares a worker (and its {@code cmd} and {@code envs}) with an operator's table of the same name.</li>
 * <li>A module (python.d module or DataKit script) whose name conf.d already has (a {@code <m>.chart.py} in the
 * container's module folders, or a script of the container's pythond tables) is not run from the bundle: the
 * operator's copy wins. One that an earlier deployed collector bundle runs waits until that bundle goes.</li>
 * <li>With modules named on the command line (debug), only those run, and no DataKit scripts (as for conf.d).</li>
 * </ul>
 * One instance per deployed bundle: like conf.d's, its loaders remember the previous scan, so a rescan (the shell's
 * reload) after the operator broke a module's conf keeps that module's jobs as they were. Plain Java, no OSGi; reads
 * files only. One instance may be used by one thread at a time.
 */
final class CollectorScanner {

    private final PythonDSettings container;
    private final Map<String, String> environment;
    private final PythonDConfigLoader pythonDLoader = new PythonDConfigLoader();
    private final DataKitConfigLoader pythondLoader;

    /**
     * @param container   the container's settings (framework properties), as conf.d's discovery reads them
     * @param environment the container's environment, for pythond {@code envs}
     */
    CollectorScanner(PythonDSettings container, Map<String, String> environment) {
        this.container = container;
        this.environment = Map.copyOf(environment);
        this.pythondLoader = new DataKitConfigLoader(this.environment);
    }

    /**
     * @param claimedByOthers module names that other deployed collector bundles run, with the bundle running each
     */
    CollectorScan scan(CollectorBundle bundle, CollectorHeader header, Path folder,
            Map<String, CollectorBundle> claimedByOthers) {
        Messages messages = new Messages(bundle, header, folder);
        Path modules = folder.resolve(CollectorFolders.MODULES);
        Path config = folder.resolve(CollectorFolders.CONFIG);
        Set<String> confD = confDModules();
        Set<String> claims = new LinkedHashSet<>();
        Set<Long> waitingFor = new LinkedHashSet<>();
        Set<String> refused = new HashSet<>();
        List<JobDefinition> jobs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        Set<String> found = chartModules(modules);
        List<String> runnable = new ArrayList<>();
        for (String module : found) {
            if (mayRun(module, confD, claimedByOthers, messages, problems, waitingFor, refused)) {
                claims.add(module);
                runnable.add(module);
            }
        }
        if (!container.commandLineModules().isEmpty()) {
            runnable.retainAll(container.commandLineModules());
        }
        if (!runnable.isEmpty()) {
            List<Path> configDirs = new ArrayList<>(container.configDirs());
            configDirs.add(config);
            // naming the runnable modules keeps a clashing one from being read at all
            PythonDSettings settings = new PythonDSettings(configDirs, List.of(modules), runnable,
                    container.defaultUpdateEvery(), container.minUpdateEvery(),
                    container.commandLineModules().isEmpty() ? List.of() : container.jobs());
            ScanResult python = pythonDLoader.load(settings);
            python.jobs().forEach(job -> jobs.add(messages.rewrite(job)));
            python.problems().stream().filter(this::notAboutOperatorSwitches)
                    .forEach(problem -> problems.add(messages.problem(problem)));
            python.notes().forEach(note -> notes.add(messages.text(note)));
        }

        int scripts = 0;
        if (container.commandLineModules().isEmpty()) {
            PythonDSettings settings = new PythonDSettings(List.of(config), List.of(modules), List.of(),
                    container.defaultUpdateEvery(), container.minUpdateEvery());
            ScanResult pythond = pythondLoader.load(settings);
            scripts = pythond.jobs().size();
            for (JobDefinition job : pythond.jobs()) {
                String module = job.id().module();
                if (claims.contains(module)
                        || mayRun(module, confD, claimedByOthers, messages, problems, waitingFor, refused)) {
                    claims.add(module);
                    jobs.add(messages.rewrite(job));
                }
            }
            pythond.problems().forEach(problem -> problems.add(messages.problem(problem)));
            pythond.notes().forEach(note -> notes.add(messages.text(note)));
        }

        if (found.isEmpty() && scripts == 0) {
            problems.add(Problem.error(messages.prefix() + "nothing to run: no python.d module (" + header.modules()
                    + "/<module>.chart.py) and no DataKit script class (a [[inputs.pythond]] table in "
                    + header.config() + "/*.conf whose dirs hold a class inheriting DataKitFramework)"));
        }
        return new CollectorScan(new ScanResult(jobs, problems, notes), claims, waitingFor);
    }

    /** Applies the clash rules to one module name; reports a refused name once per scan. */
    private static boolean mayRun(String module, Set<String> confD, Map<String, CollectorBundle> claimedByOthers,
            Messages messages, List<Problem> problems, Set<Long> waitingFor, Set<String> refused) {
        if (confD.contains(module)) {
            if (refused.add(module)) {
                problems.add(Problem.warning(messages.prefix() + "module " + module
                        + " is not run from this " + messages.what()
                        + ": conf.d has a module of the same name, which keeps running"));
            }
            return false;
        }
        CollectorBundle owner = claimedByOthers.get(module);
        if (owner != null) {
            waitingFor.add(owner.bundleId());
            if (refused.add(module)) {
                problems.add(Problem.warning(messages.prefix() + "module " + module + " is already run by "
                        + owner.described() + "; it runs from this " + messages.what() + " once that one is gone"));
            }
            return false;
        }
        return true;
    }

    /** Module names conf.d has: python.d modules in the container's module folders and its pythond scripts. */
    private Set<String> confDModules() {
        Set<String> names = new HashSet<>();
        for (Path dir : container.moduleDirs()) {
            names.addAll(chartModules(dir));
        }
        // its problems are conf.d's to report
        new DataKitConfigLoader(environment).load(container).jobs().forEach(job -> names.add(job.id().module()));
        return names;
    }

    /** The names of the {@code <name>.chart.py} files directly in a folder, sorted. */
    private static Set<String> chartModules(Path dir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ModuleSource.SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ModuleSource.SUFFIX.length());
                if (!name.isEmpty() && Files.isRegularFile(file)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // an unreadable folder has no modules; the loaders report it
        }
        return names;
    }

    /** The operator's python.d.conf is conf.d's to report; it would be repeated for every bundle otherwise. */
    private boolean notAboutOperatorSwitches(Problem problem) {
        return container.configDirs().stream()
                .noneMatch(dir -> problem.message().contains(dir.resolve(PluginSwitchesReader.FILE_NAME).toString()));
    }

    /** Names the bundle in messages, and files by their place in the jar instead of the extracted folder. */
    private static final class Messages {
        private final CollectorBundle bundle;
        private final CollectorHeader header;
        private final String folder;
        private final String modules;
        private final String config;

        Messages(CollectorBundle bundle, CollectorHeader header, Path folder) {
            this.bundle = bundle;
            this.header = header;
            this.folder = folder.toString();
            this.modules = folder.resolve(CollectorFolders.MODULES).toString();
            this.config = folder.resolve(CollectorFolders.CONFIG).toString();
        }

        String prefix() {
            return bundle.label() + ": ";
        }

        /** {@code bundle} or {@code repository}, for "not run from this ...". */
        String what() {
            return bundle.isTree() ? "repository" : "bundle";
        }

        String text(String message) {
            return prefix() + inJar(message);
        }

        Problem problem(Problem problem) {
            return new Problem(problem.severity(), text(problem.message()), problem.fingerprint());
        }

        String inJar(String message) {
            return message.replace(modules, header.modules()).replace(config, header.config())
                    .replace(folder, bundle.symbolicName());
        }

        /** Origin naming the bundle and the file inside the jar; worker groups of pythond tables per bundle. */
        JobDefinition rewrite(JobDefinition job) {
            String origin = bundle.originPrefix() + ": " + inJar(job.origin());
            String group = job.workerGroup();
            if (job.kind() == JobKind.DATAKIT) {
                String pythond = "pythond:";
                group = group.startsWith(pythond)
                        ? pythond + bundle.symbolicName() + ":" + group.substring(pythond.length())
                        : bundle.symbolicName() + ":" + group;
            }
            return new JobDefinition(job.id(), job.kind(), job.name(), job.modulePath(), job.interpreter(), group,
                    job.config(), job.defaults(), origin, job.sinks(), job.minUpdateEvery(), job.environment(),
                    job.revision());
        }
    }
}
