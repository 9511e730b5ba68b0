package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobKind;

class DataKitConfigLoaderTest {

    private static final String DEMO = """
            from datakit_framework import DataKitFramework

            class Demo(DataKitFramework):
                name = 'Demo'
                interval = 10

                def run(self):
                    return self.report({'M': [], 'input': 'datakitpy'})
            """;

    @TempDir
    Path root;
    private Path conf;
    private Path modules;

    @BeforeEach
    void setUp() throws IOException {
        conf = Files.createDirectories(root.resolve("conf.d"));
        modules = Files.createDirectories(root.resolve("python.d"));
    }

    /** One loader per test: it remembers the previous scan, as the discovery's does. */
    private final DataKitConfigLoader loader =
            new DataKitConfigLoader(Map.of("LD_LIBRARY_PATH", "/usr/lib", "HOME", "/root"));

    private ScanResult load() {
        return loader.load(new PythonDSettings(List.of(conf), List.of(modules), List.of(), 1, 1));
    }

    private static List<String> ids(ScanResult result) {
        return result.jobs().stream().map(j -> j.id().toString()).toList();
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String problems(ScanResult result) {
        return result.problems().toString();
    }

    @Test
    void theDocumentsExampleRunsEveryClassOfEveryScriptOfItsDirs() throws IOException {
        write(modules.resolve("mytest/test.py"), DEMO.replace("Demo", "MyTest"));
        write(modules.resolve("Demo/demo.py"), DEMO);
        write(conf.resolve("pythond.conf"), """
                [[inputs.pythond]]
                  # Python collector name
                  name = 'some-python-inputs'  # required
                  #envs = ['LD_LIBRARY_PATH=/path/to/lib:$LD_LIBRARY_PATH',]
                  cmd = "python3" # required. python3 is recommended.
                  dirs = ["mytest", "Demo"]
                """);
        ScanResult result = load();
        assertEquals(List.of(), result.problems());
        assertEquals(List.of("test/MyTest", "demo/Demo"), result.jobs().stream().map(j -> j.id().toString()).toList());
        JobDefinition job = result.jobs().get(0);
        assertEquals(JobKind.DATAKIT, job.kind());
        assertEquals("python3", job.interpreter());
        assertEquals("pythond:some-python-inputs", job.workerGroup());
        assertEquals(modules.resolve("mytest/test.py"), job.modulePath());
        assertEquals(10, job.defaults().get("update_every"));
    }

    @Test
    void envsExtendTheEnvironmentWithVariablesReplacedAndNoShell() throws IOException {
        write(modules.resolve("d/s.py"), DEMO);
        write(conf.resolve("pythond.conf"), """
                [[inputs.pythond]]
                name = 'x'
                cmd = '/opt/venv/bin/python'
                envs = ['LD_LIBRARY_PATH=/path/to/lib:$LD_LIBRARY_PATH', 'GREETING=hello ${HOME}; rm -rf /', 'EMPTY=$UNSET']
                dirs = ['d']
                """);
        Map<String, String> env = load().jobs().get(0).environment();
        assertEquals("/path/to/lib:/usr/lib", env.get("LD_LIBRARY_PATH"));
        assertEquals("hello /root; rm -rf /", env.get("GREETING"));
        assertEquals("", env.get("EMPTY"));
    }

    @Test
    void scriptsOneLevelDownAreSubDotNameAndInitIsNotAScript() throws IOException {
        write(modules.resolve("pkg/top.py"), DEMO);
        write(modules.resolve("pkg/sub/inner.py"), DEMO.replace("Demo", "Inner"));
        write(modules.resolve("pkg/sub/__init__.py"), DEMO.replace("Demo", "NotAScript"));
        write(modules.resolve("pkg/sub/deeper/far.py"), DEMO.replace("Demo", "TooDeep"));
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['pkg']\n");
        assertEquals(List.of("sub.inner/Inner", "top/Demo"),
                load().jobs().stream().map(j -> j.id().toString()).toList());
    }

    @Test
    void aClassDerivingFromADataKitClassOfTheSameFileIsAJobAndOthersAreNot() throws IOException {
        write(modules.resolve("d/s.py"), """
                import datakit_framework
                class Base(datakit_framework.DataKitFramework):
                    interval = 5
                class Child(Base):
                    pass
                class Helper(object):
                    pass
                """);
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['d']\n");
        assertEquals(List.of("s/Base", "s/Child"), load().jobs().stream().map(j -> j.id().toString()).toList());
    }

    @Test
    void tablesInAnyConfUnderConfDAreFoundButPythonDsYamlIsNotRead() throws IOException {
        write(modules.resolve("d/s.py"), DEMO);
        write(conf.resolve("pythond/pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['d']\n");
        write(conf.resolve("python.d/example.conf"), "# [[inputs.pythond]] in a YAML comment\nfour_lines:\n  x: 1\n");
        write(conf.resolve("other.conf"), "[[inputs.cpu]]\npercpu = true\n");
        ScanResult result = load();
        assertEquals(List.of(), result.problems());
        assertEquals(1, result.jobs().size());
    }

    @Test
    void aTableWithoutNameOrCmdIsOneErrorAndTheOthersRun() throws IOException {
        write(modules.resolve("d/s.py"), DEMO);
        write(conf.resolve("pythond.conf"), """
                [[inputs.pythond]]
                cmd = 'python3'
                dirs = ['d']

                [[inputs.pythond]]
                name = 'good'
                cmd = 'python3'
                dirs = ['d']
                """);
        ScanResult result = load();
        assertEquals(1, result.jobs().size());
        assertTrue(problems(result).contains("pythond.conf: [[inputs.pythond]] #1: 'name' and 'cmd' are required"),
                problems(result));
    }

    @Test
    void brokenTomlIsOneErrorNamingFileLineAndColumn() throws IOException {
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname = 'x'\ncmd = python3\n");
        ScanResult result = load();
        assertEquals(List.of(), result.jobs());
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).message().matches(".*pythond\\.conf:3:7: not valid TOML: .*"),
                problems(result));
    }

    @Test
    void aMissingDirIsAWarning() throws IOException {
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['nowhere']\n");
        ScanResult result = load();
        assertTrue(problems(result).contains("dirs entry 'nowhere' is not a folder"), problems(result));
    }

    // --- sinks ---------------------------------------------------------------------------------------------------

    @Test
    void tableSinksAreANameOrAListAndDefaultToEverySink() throws IOException {
        write(modules.resolve("a/s.py"), DEMO);
        write(modules.resolve("b/s2.py"), DEMO);
        write(modules.resolve("c/s3.py"), DEMO);
        write(conf.resolve("pythond.conf"), """
                [[inputs.pythond]]
                name = 'a'
                cmd = 'python3'
                dirs = ['a']
                sinks = 'datakit'

                [[inputs.pythond]]
                name = 'b'
                cmd = 'python3'
                dirs = ['b']
                sinks = ['datakit', 'file']

                [[inputs.pythond]]
                name = 'c'
                cmd = 'python3'
                dirs = ['c']
                """);

        ScanResult result = load();

        assertEquals(List.of(), result.problems());
        assertEquals(List.of(List.of("datakit"), List.of("datakit", "file"), List.of()),
                result.jobs().stream().map(JobDefinition::sinks).toList());
    }

    @Test
    void tableSinksOfAnotherTypeAreOneErrorNamingFileAndTableAndItsJobsFeedEverySink() throws IOException {
        write(modules.resolve("a/s.py"), DEMO);
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='a'\ncmd='python3'\ndirs=['a']\nsinks=[1]\n");

        ScanResult result = load();

        assertEquals(List.of(List.of()), result.jobs().stream().map(JobDefinition::sinks).toList());
        assertEquals(1, result.problems().size(), problems(result));
        String message = result.problems().get(0).message();
        assertTrue(message.startsWith(conf.resolve("pythond.conf") + ": pythond 'a': 'sinks' must be a sink name or "
                + "a list of sink names"), message);
        assertTrue(message.endsWith("its jobs feed every sink"), message);
    }

    // --- revision ------------------------------------------------------------------------------------------------

    @Test
    void revisionIsTheScriptsFingerprintAndAnEditChangesOnlyItsScriptsJobs() throws IOException {
        write(modules.resolve("d/one.py"), DEMO);
        write(modules.resolve("d/two.py"), DEMO.replace("Demo", "Two"));
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['d']\n");
        ScanResult before = load();
        assertEquals(before.jobs(), load().jobs(), "an unchanged script gives equal definitions");
        assertEquals(SourceFingerprint.of(modules.resolve("d/one.py")), before.jobs().get(0).revision());

        write(modules.resolve("d/one.py"), DEMO + "\n# edited\n");
        ScanResult after = load();

        assertFalse(before.jobs().get(0).equals(after.jobs().get(0)));
        assertEquals(before.jobs().get(0).withRevision(after.jobs().get(0).revision()), after.jobs().get(0));
        assertEquals(before.jobs().get(1), after.jobs().get(1));
    }

    @Test
    void aTablesDirsAreReportedForWatching() throws IOException {
        write(modules.resolve("d/one.py"), DEMO);
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['d', '" + elsewhere
                + "']\n");

        assertEquals(List.of(modules.resolve("d"), elsewhere), load().folders());
    }

    // --- a file that stops parsing keeps its jobs ------------------------------------------------------------------

    @Test
    void tomlThatStopsParsingKeepsThatFilesJobsExactlyAndOtherFilesAreReadAgain() throws IOException {
        write(modules.resolve("a/s.py"), DEMO);
        write(modules.resolve("b/t.py"), DEMO.replace("Demo", "Other"));
        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd='python3'\ndirs=['a']\n");
        write(conf.resolve("b.conf"), "[[inputs.pythond]]\nname='b'\ncmd='python3'\ndirs=['b']\n");
        ScanResult before = load();

        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd=python4\ndirs=['a']\n");
        write(conf.resolve("b.conf"), "[[inputs.pythond]]\nname='b'\ncmd='python3.11'\ndirs=['b']\n");
        write(modules.resolve("a/s.py"), DEMO + "\n# edited meanwhile\n");
        ScanResult after = load();

        assertEquals(ids(before), ids(after));
        assertEquals(before.jobs().get(0), after.jobs().get(0), "a.conf's job exactly as it was");
        assertEquals("python3.11", after.jobs().get(1).interpreter(), "b.conf's edit applies");
        assertEquals(1, after.problems().size(), problems(after));
        String message = after.problems().get(0).message();
        assertTrue(message.startsWith(conf.resolve("a.conf") + ":3:5: not valid TOML: "), message);
        assertTrue(message.endsWith("; keeping its 1 pythond job(s) as they were"), message);

        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd='python4'\ndirs=['a']\n");
        ScanResult fixed = load();
        assertEquals("python4", fixed.jobs().get(0).interpreter());
        assertEquals(List.of(), fixed.problems());
    }

    @Test
    void deletedTomlTakesItsJobsAway() throws IOException {
        write(modules.resolve("a/s.py"), DEMO);
        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd='python3'\ndirs=['a']\n");
        assertEquals(1, load().jobs().size());

        Files.delete(conf.resolve("a.conf"));

        assertEquals(List.of(), load().jobs());
    }

    @Test
    void aDeletedScriptTakesItsJobAwayEvenWhileItsTomlDoesNotParse() throws IOException {
        write(modules.resolve("a/s.py"), DEMO);
        write(modules.resolve("a/t.py"), DEMO.replace("Demo", "Other"));
        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd='python3'\ndirs=['a']\n");
        assertEquals(List.of("s/Demo", "t/Other"), ids(load()));

        write(conf.resolve("a.conf"), "[[inputs.pythond]]\nname='a'\ncmd=python3\n");
        Files.delete(modules.resolve("a/s.py"));
        ScanResult after = load();

        assertEquals(List.of("t/Other"), ids(after));
        assertTrue(problems(after).contains("keeping its 1 pythond job(s) as they were"), problems(after));
    }

    @Test
    void aConfigFolderOrDirThatIsALinkIsReadThroughIt() throws IOException {
        write(root.resolve("real-scripts/s.py"), DEMO);
        Files.createSymbolicLink(modules.resolve("linked"), root.resolve("real-scripts"));
        write(root.resolve("real-conf/pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['linked']\n");
        Files.delete(conf);
        Files.createSymbolicLink(conf, root.resolve("real-conf"));

        ScanResult result = load();

        assertEquals(List.of("s/Demo"), ids(result), problems(result));
        assertEquals(conf.resolve("pythond.conf").toString(), result.jobs().get(0).origin());
        assertEquals(modules.resolve("linked/s.py"), result.jobs().get(0).modulePath());
    }
}
