package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.terrarium.api.CollectorTree;
import io.terrarium.api.JobKind;

/** repo-add, repo-change, repo-delete and sources, as an operator types them. */
class RepositoryCommandsTest {

    private static final String PID = "io.terrarium.config.git~ops";

    private final Shell shell = new Shell();
    private final RepoAddCommand add = new RepoAddCommand(shell.commands);
    private final RepoChangeCommand change = new RepoChangeCommand(shell.commands);
    private final RepoDeleteCommand delete = new RepoDeleteCommand(shell.commands);

    private static String run(HyphenatedCommand command, String... arguments) {
        return (String) command.execute(null, List.of((Object[]) arguments));
    }

    @Test
    void addChangeAndDeleteAFactoryConfigurationOfStrings() {
        assertEquals("added repository ops as configuration " + PID + ": url=https://git.example/ops.git,"
                + " branch=main", run(add, "ops", "url=https://git.example/ops.git", "branch=main"));
        assertEquals(Map.of("url", "https://git.example/ops.git", "branch", "main", "service.pid", PID,
                "service.factoryPid", "io.terrarium.config.git"), shell.configurationAdmin.properties(PID));
        assertEquals("repo-add: there is already a repository named ops",
                run(add, "ops", "url=https://git.example/other.git"));

        assertEquals("changed repository ops: pullInterval=30s, removed branch",
                run(change, "ops", "pullInterval=30s", "branch="));
        assertEquals(Map.of("url", "https://git.example/ops.git", "pullInterval", "30s", "service.pid", PID,
                "service.factoryPid", "io.terrarium.config.git"), shell.configurationAdmin.properties(PID));
        assertEquals("repository ops: nothing to change", run(change, "ops", "pullInterval=30s"));
        assertEquals("repo-change: url cannot be removed: it is the repository to pull", run(change, "ops", "url="));
        assertEquals("no repository opz (configured: ops)", run(change, "opz", "branch=x"));

        assertEquals("deleted repository ops (configuration " + PID + "); its jobs stop and its checkout is removed",
                run(delete, "ops"));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
        assertEquals("no repository ops (none is configured)", run(delete, "ops"));
    }

    @Test
    void badArgumentsAreRefusedWithoutAConfiguration() {
        assertEquals(RepoAddCommand.USAGE, run(add, "ops"));
        assertEquals("repo-add: url=... is required: the repository to pull, e.g."
                + " url=https://git.example.com/ops/collectors.git", run(add, "ops", "branch=main"));
        assertEquals("repo-add: not key=value: branch", run(add, "ops", "url=git://h/x.git", "branch"));
        assertEquals("repo-add: a repository's name is letters, digits, '.', '_' and '-' (and not conf.d): conf.d",
                run(add, "conf.d", "url=git://h/x.git"));
        assertEquals("repo-add: name cannot be set: a repository's name is fixed when it is added (delete it and add"
                + " it again), and service.* and component.* belong to the framework",
                run(add, "ops", "url=git://h/x.git", "name=other"));
        assertEquals(RepoDeleteCommand.USAGE, run(delete));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void aPasswordInTheUrlIsNotShownBack() {
        String added = run(add, "ops", "url=https://ops:s3cret@git.example/ops.git");
        assertEquals("added repository ops as configuration " + PID + ": url=https://ops:***@git.example/ops.git",
                added);
        assertFalse(run(change, "ops", "url=https://ops:n3w@git.example/ops.git").contains("n3w"));
    }

    @Test
    void sourcesListsConfDBundlesAndRepositoriesWithTheirPulls() {
        shell.source("conf.d", Shell.definition("a/x", JobKind.PYTHON_D, "a", "/m/a.chart.py"));
        shell.commands.addSource(new TestJobSource("io.example.bundle"),
                Map.of("service.id", 7L, "terrarium.collector.bundle.id", 12L));
        shell.source("ops", Shell.definition("b/x", JobKind.PYTHON_D, "b", "/m/b.chart.py"),
                Shell.definition("b/y", JobKind.PYTHON_D, "b", "/m/b.chart.py"));
        shell.commands.addTree(new Tree("ops", new CollectorTree.Status("git://127.0.0.1:9418/ops.git", "main",
                "0123456789abcdef0123", Optional.of(Shell.NOW.minusSeconds(5)), Optional.of(Shell.NOW.plusSeconds(55)),
                Optional.of("Connection refused"))), Map.of("service.id", 8L));
        assertEquals(String.join("\n",
                "SOURCE             KIND    JOBS  ORIGIN                        BRANCH  COMMIT        LAST-PULL"
                        + "  NEXT-PULL  ERROR",
                "conf.d             conf.d  1     -                             -       -             -"
                        + "          -          -",
                "io.example.bundle  bundle  0     bundle 12                     -       -             -"
                        + "          -          -",
                "ops                git     2     git://127.0.0.1:9418/ops.git  main    0123456789ab  11:33:40"
                        + "   11:34:40   Connection refused"), shell.commands.sources());
    }

    private record Tree(String name, Status status) implements CollectorTree {
        @Override
        public String label() {
            return "git repository " + name;
        }

        @Override
        public Path folder() {
            return Path.of("/var/lib/terrarium/gitrepos", name);
        }

        @Override
        public void update() {
        }

        @Override
        public void addListener(Listener listener) {
        }

        @Override
        public void removeListener(Listener listener) {
        }
    }
}
