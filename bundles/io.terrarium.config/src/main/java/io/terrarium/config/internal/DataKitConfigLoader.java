package io.terrarium.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;

/**
 * DataKit's pythond configuration: every {@code .conf} file under the config folders (not the YAML python.d/ one)
 * that holds {@code [[inputs.pythond]]} tables, in DataKit's TOML. Each table is one worker process running the
 * scripts of its {@code dirs} with its {@code cmd} and {@code envs}; each class inheriting {@code DataKitFramework}
 * in those scripts is one job.
 *
 * <ul>
 * <li>{@code name} and {@code cmd} are required; a table without them is one error line and is skipped.</li>
 * <li>{@code envs} ({@code K=V} strings) extend the container's environment for that worker; {@code $VAR} and
 * {@code ${VAR}} are replaced by the container's value (empty when unset), as a shell would, but no shell runs.</li>
 * <li>{@code dirs}: absolute, or relative to the module folders ({@code python.d/}), the first that has it.</li>
 * <li>Scripts: every {@code *.py} but {@code __init__.py} directly in a dir (module {@code name}) or one level down
 * (module {@code sub.name}). Classes are found by reading the source: {@code class X(...DataKitFramework...)} and
 * classes deriving from such a class in the same file (a base imported from elsewhere is not seen).</li>
 * <li>{@code sinks}: the sinks the table's jobs feed ({@link SinkNames}); default every sink.</li>
 * <li>A job's {@code revision} is its script's {@link SourceFingerprint}: an edited script restarts its jobs.</li>
 * </ul>
 * An instance remembers the previous scan's jobs per file ({@link LastGoodJobs}): a file that does not parse (or
 * cannot be read) keeps its jobs exactly as they were, with one error naming the file, line and column; on the first
 * scan its tables are skipped. One instance may be used by one thread at a time.
 */
final class DataKitConfigLoader {

    private static final Pattern TABLE_MARKER = Pattern.compile("^\\s*\\[\\[\\s*inputs\\.pythond\\s*]]", Pattern.MULTILINE);
    private static final Pattern CLASS = Pattern.compile("^class\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*:", Pattern.MULTILINE);
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");
    private static final String BASE = "DataKitFramework";

    private final TomlMapper toml = new TomlMapper();
    /** Each file's jobs in the previous scan. */
    private final LastGoodJobs<Path> lastGood = new LastGoodJobs<>();
    private final Map<String, String> environment;

    DataKitConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    ScanResult load(PythonDSettings settings) {
        lastGood.beginScan();
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<JobDefinition> jobs = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        Set<JobId> seen = new LinkedHashSet<>();
        for (Path file : confFiles(settings.configDirs(), problems::add)) {
            JsonNode root;
            try {
                root = toml.readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                JsonLocation where = e.getLocation();
                String position = where == null || where.getLineNr() < 1 ? ""
                        : ":" + where.getLineNr() + (where.getColumnNr() > 0 ? ":" + where.getColumnNr() : "");
                String reason = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " ");
                keepOrSkip(file, file + position + ": not valid TOML: " + reason, seen, jobs, problems::add);
                continue;
            } catch (IOException e) {
                keepOrSkip(file, file + ": cannot read: " + e.getMessage(), seen, jobs, problems::add);
                continue;
            }
            List<JobDefinition> fileJobs = new ArrayList<>();
            JsonNode tables = root.path("inputs").path("pythond");
            int index = 0;
            for (JsonNode table : tables.isArray() ? tables : List.<JsonNode>of()) {
                index++;
                table(file, index, table, settings, seen, fileJobs, folders::add, problems::add, notes::add);
            }
            lastGood.record(file, fileJobs);
            jobs.addAll(fileJobs);
        }
        lastGood.endScan();
        return new ScanResult(jobs, problems, notes, folders);
    }

    /**
     * A file that cannot be used: its jobs of the previous scan, unchanged (so nothing restarts), or none when it had
     * none or this is the first scan.
     */
    private void keepOrSkip(Path file, String reason, Set<JobId> seen, List<JobDefinition> jobs,
            Consumer<Problem> problems) {
        // a script that is gone takes its jobs with it
        List<JobDefinition> kept = lastGood.previous(file).orElse(List.of()).stream()
                .filter(job -> Files.isRegularFile(job.modulePath()))
                .filter(job -> seen.add(job.id())).toList();
        problems.accept(Problem.error(reason + "; " + (kept.isEmpty() ? "its pythond tables are skipped"
                : "keeping its " + kept.size() + " pythond job(s) as they were"), SourceFingerprint.of(file)));
        lastGood.record(file, kept);
        jobs.addAll(kept);
    }

    private void table(Path file, int index, JsonNode table, PythonDSettings settings, Set<JobId> seen,
            List<JobDefinition> jobs, Consumer<Path> folders, Consumer<Problem> problems, Consumer<String> notes) {
        String where = file + ": [[inputs.pythond]] #" + index;
        String name = table.path("name").asText("").strip();
        String cmd = table.path("cmd").asText("").strip();
        if (name.isEmpty() || cmd.isEmpty()) {
            problems.accept(Problem.error(where + ": 'name' and 'cmd' are required; table skipped"));
            return;
        }
        where = file + ": pythond '" + name + "'";
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : table.path("envs")) {
            String text = entry.asText();
            int eq = text.indexOf('=');
            if (eq <= 0) {
                problems.accept(Problem.warning(where + ": envs entry '" + text + "' is not K=V; ignored"));
                continue;
            }
            env.put(text.substring(0, eq).strip(), expand(text.substring(eq + 1)));
        }
        List<String> sinks = sinks(table.get(SinkNames.KEY), where, problems);
        Map<String, Object> defaults = Map.of("update_every", 10, "priority", 60000, "autodetection_retry", 0,
                "chart_cleanup", 10, "penalty", true);
        for (JsonNode dirNode : table.path("dirs")) {
            Path dir = resolve(dirNode.asText(), settings.moduleDirs());
            if (dir == null) {
                problems.accept(Problem.warning(where + ": dirs entry '" + dirNode.asText()
                        + "' is not a folder (absolute, or under " + settings.moduleDirs() + ")"));
                continue;
            }
            folders.accept(dir);
            for (Map.Entry<String, Path> script : scripts(dir, problems).entrySet()) {
                List<String> classes = classes(script.getValue(), problems);
                String revision = SourceFingerprint.of(script.getValue());
                if (classes.isEmpty()) {
                    notes.accept(where + ": " + script.getValue() + " has no class inheriting " + BASE);
                }
                for (String cls : classes) {
                    JobId id = new JobId(script.getKey(), cls);
                    if (!seen.add(id)) {
                        problems.accept(Problem.warning(where + ": " + id + " is already run by an earlier table; "
                                + "skipped here"));
                        continue;
                    }
                    jobs.add(new JobDefinition(id, JobKind.DATAKIT, cls, script.getValue(), cmd, "pythond:" + name,
                            Map.of(), defaults, file.toString(), sinks, settings.minUpdateEvery(), env, revision));
                }
            }
        }
    }

    /** The table's {@code sinks}; an invalid value is one error and the table's jobs feed every sink. */
    private List<String> sinks(JsonNode value, String where, Consumer<Problem> problems) {
        Object plain = value == null ? null : toml.convertValue(value, Object.class);
        return SinkNames.parse(plain).orElseGet(() -> {
            problems.accept(Problem.error(where + ": " + SinkNames.EXPECTED + " (" + value
                    + "); its jobs feed every sink"));
            return List.of();
        });
    }

    /** {@code .conf} files under the config folders that hold pythond tables, skipping python.d's YAML folder. */
    private static List<Path> confFiles(List<Path> configDirs, Consumer<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path dir : configDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = walk(dir, 4)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".conf"))
                        .filter(p -> !p.startsWith(dir.resolve("python.d")))
                        .filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(Path::toString))
                        .filter(p -> holdsTables(p))
                        .forEach(files::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.accept(Problem.error(dir + ": cannot list: " + e.getMessage()));
            }
        }
        return files;
    }

    /**
     * {@link Files#walk} that also descends when the folder itself is a link (a linked {@code /etc/netdata}), which
     * {@code Files.walk} would not; the paths keep the folder as given, for messages and origins.
     */
    private static Stream<Path> walk(Path dir, int depth) throws IOException {
        Path real = dir.toRealPath();
        return Files.walk(real, depth).map(path -> dir.resolve(real.relativize(path)));
    }

    private static boolean holdsTables(Path file) {
        try {
            return TABLE_MARKER.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path resolve(String dir, List<Path> moduleDirs) {
        Path path = Path.of(dir);
        if (path.isAbsolute()) {
            return Files.isDirectory(path) ? path : null;
        }
        for (Path root : moduleDirs) {
            if (Files.isDirectory(root.resolve(dir))) {
                return root.resolve(dir);
            }
        }
        return null;
    }

    /** Module name to file: {@code name} directly in the dir, {@code sub.name} one level down. */
    private static Map<String, Path> scripts(Path dir, Consumer<Problem> problems) {
        Map<String, Path> scripts = new LinkedHashMap<>();
        try (Stream<Path> walk = walk(dir, 2)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".py"))
                    .filter(p -> !p.getFileName().toString().equals("__init__.py"))
                    .sorted(Comparator.comparing(Path::toString))
                    .forEach(p -> {
                        Path relative = dir.relativize(p);
                        String stem = p.getFileName().toString().replaceFirst("\\.py$", "");
                        String module = relative.getNameCount() == 1 ? stem : relative.getName(0) + "." + stem;
                        scripts.put(module, p);
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.accept(Problem.error(dir + ": cannot list: " + e.getMessage()));
        }
        return scripts;
    }

    /** Classes deriving, directly or through classes of the same file, from DataKitFramework. */
    static List<String> classes(Path script, Consumer<Problem> problems) {
        String source;
        try {
            source = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.accept(Problem.error(script + ": cannot read: " + e.getMessage()));
            return List.of();
        }
        Map<String, List<String>> bases = new LinkedHashMap<>();
        Matcher matcher = CLASS.matcher(source);
        while (matcher.find()) {
            List<String> names = new ArrayList<>();
            for (String base : matcher.group(2).split(",")) {
                String simple = base.strip();
                simple = simple.substring(simple.lastIndexOf('.') + 1);
                names.add(simple);
            }
            bases.put(matcher.group(1), names);
        }
        Set<String> found = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, List<String>> entry : bases.entrySet()) {
                if (!found.contains(entry.getKey())
                        && entry.getValue().stream().anyMatch(b -> b.equals(BASE) || found.contains(b))) {
                    found.add(entry.getKey());
                    grew = true;
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        bases.keySet().stream().filter(found::contains).forEach(ordered::add);
        return ordered;
    }

    private String expand(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            matcher.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(variable, "")));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
