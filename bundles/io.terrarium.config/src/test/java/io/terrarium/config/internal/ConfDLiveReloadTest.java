package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSource;

/**
 * The discovery with its real folder watcher on real folders: edits are live within seconds, a file that stops
 * parsing leaves its jobs as they were and is logged once. Waits are generous (10 s for what should take 2).
 */
class ConfDLiveReloadTest {

    private static final String DATAKIT_SCRIPT = """
            from datakit_framework import DataKitFramework

            class Demo(DataKitFramework):
                interval = 10
            """;

    @TempDir
    Path root;

    private PythonDLayout layout;
    private LogCapture log;
    private ConfDDiscovery discovery;
    private JobSource source;

    @BeforeEach
    void setUp() {
        layout = new PythonDLayout(root);
        log = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        if (discovery != null) {
            discovery.deactivate();
        }
        log.close();
    }

    private void start() throws InterruptedException {
        FakeBundleContext fake = FakeBundleContext.of(layout);
        discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        source = fake.awaitSource();
    }

    private Map<String, JobDefinition> jobs() {
        Map<String, JobDefinition> byId = new LinkedHashMap<>();
        source.jobs().forEach(job -> byId.put(job.id().toString(), job));
        return byId;
    }

    private void awaitJobs(String what, Predicate<Map<String, JobDefinition>> condition) {
        Await.until(what, () -> condition.test(jobs()));
    }

    private void awaitLog(String... texts) {
        Await.until("a log line with " + List.of(texts), () -> !log.lines(texts).isEmpty());
    }

    /** Saves as many editors do: writes another file, then renames it over the old one. */
    private static void save(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.createDirectories(file.getParent());
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path userConf(String module) {
        return layout.userConf.resolve("python.d").resolve(module + ".conf");
    }

    private PythonDLayout fooAndBar() {
        return layout.module("foo").module("bar")
                .userConf("foo", "one:\n  x: 1\ntwo:\n  x: 2\n")
                .userConf("bar", "only:\n  y: 1\n");
    }

    // --- edits -----------------------------------------------------------------------------------------------------

    @Test
    void editingOneJobsSectionChangesOnlyThatJobsDefinition() throws Exception {
        fooAndBar();
        start();
        Map<String, JobDefinition> before = jobs();

        layout.userConf("foo", "one:\n  x: 1\ntwo:\n  x: 3\n");

        awaitJobs("foo/two with x 3", jobs -> jobs.get("foo/two").config().get("x").equals(3));
        Map<String, JobDefinition> after = jobs();
        assertEquals(before.keySet(), after.keySet());
        assertEquals(before.get("foo/one"), after.get("foo/one"));
        assertEquals(before.get("bar/only"), after.get("bar/only"));
    }

    @Test
    void editingAModuleFileChangesOnlyItsJobsRevision() throws Exception {
        fooAndBar();
        start();
        Map<String, JobDefinition> before = jobs();

        layout.module(layout.stockModules, "foo", PythonDLayout.MODULE_SOURCE + "\n# a fix\n");

        awaitJobs("a new revision of foo/one",
                jobs -> !jobs.get("foo/one").revision().equals(before.get("foo/one").revision()));
        Map<String, JobDefinition> after = jobs();
        String revision = after.get("foo/one").revision();
        assertEquals(before.get("foo/one").withRevision(revision), after.get("foo/one"));
        assertEquals(before.get("foo/two").withRevision(revision), after.get("foo/two"));
        assertEquals(before.get("bar/only"), after.get("bar/only"));
    }

    @Test
    void aConfSavedByRenamingAnotherFileOverItIsSeen() throws Exception {
        fooAndBar();
        start();

        save(userConf("bar"), "only:\n  y: 2\n");

        awaitJobs("bar/only with y 2", jobs -> jobs.get("bar/only").config().get("y").equals(2));
    }

    @Test
    void aNewModuleWithItsConfAppearsAndADeletedModuleGoes() throws Exception {
        fooAndBar();
        start();

        layout.userConf("baz", "first:\n  z: 1\n").module("baz");
        awaitJobs("baz/first", jobs -> jobs.containsKey("baz/first"));

        Files.delete(layout.stockModules.resolve("foo.chart.py"));
        awaitJobs("foo's jobs gone", jobs -> !jobs.containsKey("foo/one") && !jobs.containsKey("foo/two"));
        assertEquals(List.of("bar/only", "baz/first"), List.copyOf(jobs().keySet()));
    }

    // --- folders that appear later ---------------------------------------------------------------------------------

    @Test
    void aConfigFolderThatDoesNotExistYetIsWatchedOnceCreated() throws Exception {
        layout.module("foo");
        start();
        assertEquals(List.of("foo/foo"), List.copyOf(jobs().keySet()));

        layout.userConf("foo", "late:\n  x: 1\n");
        awaitJobs("foo/late", jobs -> jobs.containsKey("foo/late"));

        // the new folder is watched from then on
        layout.userConf("foo", "late:\n  x: 2\n");
        awaitJobs("foo/late with x 2", jobs -> jobs.get("foo/late").config().get("x").equals(2));
    }

    @Test
    void aPythonDFolderCreatedLaterInAConfigFolderIsWatched() throws Exception {
        layout.module("foo").userPluginConf("foo: yes\n");
        start();

        layout.userConf("foo", "late:\n  x: 1\n");
        awaitJobs("foo/late", jobs -> jobs.containsKey("foo/late"));

        // the new folder is watched from then on
        layout.userConf("foo", "late:\n  x: 2\n");
        awaitJobs("foo/late with x 2", jobs -> jobs.get("foo/late").config().get("x").equals(2));
    }

    @Test
    void aScriptPackageCreatedLaterIsWatched() throws Exception {
        PythonDLayout.write(layout.userConf.resolve("pythond.conf"),
                "[[inputs.pythond]]\nname = 'p'\ncmd = 'python3'\ndirs = ['pkg']\n");
        Files.createDirectories(layout.stockModules);
        start();
        assertEquals(Map.of(), jobs());

        // first a script without a job, so the package is there (and scanned) before the job is written
        PythonDLayout.write(layout.stockModules.resolve("pkg/sub/inner.py"), "x = 1\n");
        awaitLog("inner.py has no class inheriting DataKitFramework");
        PythonDLayout.write(layout.stockModules.resolve("pkg/sub/inner.py"), DATAKIT_SCRIPT);

        awaitJobs("sub.inner/Demo", jobs -> jobs.containsKey("sub.inner/Demo"));
    }

    @Test
    void aScriptInAPythondDirOutsideTheModuleFoldersIsWatched() throws Exception {
        Path elsewhere = root.resolve("opt/scripts");
        PythonDLayout.write(elsewhere.resolve("s.py"), DATAKIT_SCRIPT);
        PythonDLayout.write(layout.userConf.resolve("pythond.conf"),
                "[[inputs.pythond]]\nname = 'p'\ncmd = 'python3'\ndirs = ['" + elsewhere + "']\n");
        start();
        String before = jobs().get("s/Demo").revision();

        PythonDLayout.write(elsewhere.resolve("s.py"), DATAKIT_SCRIPT + "\n# edited\n");

        awaitJobs("a new revision of s/Demo", jobs -> !jobs.get("s/Demo").revision().equals(before));
    }

    // --- files that stop parsing -----------------------------------------------------------------------------------

    @Test
    void aModuleConfThatStopsParsingKeepsItsJobsAndIsLoggedOnceWithFileAndLine() throws Exception {
        fooAndBar();
        start();
        Map<String, JobDefinition> before = jobs();
        String error = userConf("foo") + ":5:6: mapping values are not allowed here; "
                + "keeping foo's 2 running job(s) as they were";

        save(userConf("foo"), "one:\n  x: 1\ntwo:\n  x: 3\n    y: 4\n");
        awaitLog(error);
        assertEquals(before, jobs());

        save(userConf("bar"), "only:\n  y: 2\n");
        awaitJobs("bar's edit", jobs -> jobs.get("bar/only").config().get("y").equals(2));
        source.refresh();
        assertEquals(1, log.lines(error).size(), "logged once: " + log.lines(error));
        assertEquals(before.get("foo/one"), jobs().get("foo/one"));
        assertEquals(before.get("foo/two"), jobs().get("foo/two"));

        save(userConf("foo"), "one:\n  x: 1\ntwo:\n  x: 3\n");
        awaitJobs("foo/two with x 3", jobs -> jobs.get("foo/two").config().get("x").equals(3));
    }

    @Test
    void aNewBadEditIsLoggedAgainEvenWithTheSameMessage() throws Exception {
        fooAndBar();
        start();
        String error = userConf("foo") + ":5:6: mapping values are not allowed here";

        save(userConf("foo"), "one:\n  x: 1\ntwo:\n  x: 3\n    y: 4\n");
        awaitLog(error);
        save(userConf("foo"), "one:\n  x: 1\ntwo:\n  x: 5\n    y: 4\n");

        Await.until("the new bad edit logged", () -> log.lines(error).size() == 2);
        source.refresh();
        assertEquals(2, log.lines(error).size(), log.lines(error).toString());
    }

    @Test
    void aPythonDConfThatStopsParsingKeepsEveryPythonDJobAndIsLoggedOnce() throws Exception {
        fooAndBar().userPluginConf("default_run: yes\n");
        start();
        Map<String, JobDefinition> before = jobs();
        Path pluginConf = layout.userConf.resolve("python.d.conf");
        String error = pluginConf + ":2:6: mapping values are not allowed here";

        save(pluginConf, "bar: no\n  foo: yes\n");
        awaitLog(error, "keeping every python.d job as it was (3 job(s))");
        layout.userConf("foo", "one:\n  x: 7\n");
        source.refresh();

        assertEquals(before, jobs());
        assertEquals(1, log.lines(error).size(), log.lines(error).toString());

        save(pluginConf, "bar: no\n");
        awaitJobs("bar switched off and foo's edit applied",
                jobs -> List.of("foo/one").equals(List.copyOf(jobs.keySet()))
                        && jobs.get("foo/one").config().get("x").equals(7));
    }

    @Test
    void aTomlConfThatStopsParsingKeepsItsJobsAndIsLoggedOnce() throws Exception {
        PythonDLayout.write(layout.stockModules.resolve("pkg/s.py"), DATAKIT_SCRIPT);
        Path toml = layout.userConf.resolve("pythond.conf");
        PythonDLayout.write(toml, "[[inputs.pythond]]\nname = 'p'\ncmd = 'python3'\ndirs = ['pkg']\n");
        start();
        Map<String, JobDefinition> before = jobs();
        assertEquals(List.of("s/Demo"), List.copyOf(before.keySet()));
        String error = toml + ":3:7: not valid TOML: ";

        save(toml, "[[inputs.pythond]]\nname = 'p'\ncmd = python3.11\ndirs = ['pkg']\n");
        awaitLog(error, "keeping its 1 pythond job(s) as they were");
        source.refresh();

        assertEquals(before, jobs());
        assertEquals(1, log.lines(error).size(), log.lines(error).toString());

        save(toml, "[[inputs.pythond]]\nname = 'p'\ncmd = 'python3.11'\ndirs = ['pkg']\n");
        awaitJobs("the new interpreter", jobs -> "python3.11".equals(jobs.get("s/Demo").interpreter()));
        assertNotEquals(before, jobs());
    }
}
