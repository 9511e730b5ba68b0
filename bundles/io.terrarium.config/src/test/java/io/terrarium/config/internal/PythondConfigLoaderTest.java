package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class PythondConfigLoaderTest {

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

    private ScanResult load() {
        return new PythondConfigLoader(Map.of("LD_LIBRARY_PATH", "/usr/lib", "HOME", "/root"))
                .load(new PythonDSettings(List.of(conf), List.of(modules), List.of(), 1, 1));
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
        assertEquals(JobKind.PYTHOND, job.kind());
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
    void brokenTomlIsOneErrorNamingFileAndLine() throws IOException {
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname = 'x'\ncmd = python3\n");
        ScanResult result = load();
        assertEquals(List.of(), result.jobs());
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).message().matches(".*pythond\\.conf:3: not valid TOML: .*"),
                problems(result));
    }

    @Test
    void aMissingDirIsAWarning() throws IOException {
        write(conf.resolve("pythond.conf"), "[[inputs.pythond]]\nname='p'\ncmd='python3'\ndirs=['nowhere']\n");
        ScanResult result = load();
        assertTrue(problems(result).contains("dirs entry 'nowhere' is not a folder"), problems(result));
    }
}
