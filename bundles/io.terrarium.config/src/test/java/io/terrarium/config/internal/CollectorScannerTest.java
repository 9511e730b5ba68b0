package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobKind;

/**
 * A bundle's extracted folder beside an operator's conf.d: the operator's {@code etc/} (python.d.conf and module
 * confs) and module folder {@code plugins/} (the conf.d module {@code hostinfo}).
 */
class CollectorScannerTest {

    private static final CollectorBundle BUNDLE = new CollectorBundle("io.example.collector", "1.2.3", 12, 1000);
    private static final String LABEL = "collector bundle io.example.collector 1.2.3";

    @TempDir
    Path root;

    private Path operatorConf;
    private Path operatorModules;
    private Path folder;

    @BeforeEach
    void layout() {
        operatorConf = root.resolve("etc");
        operatorModules = root.resolve("plugins");
        folder = root.resolve("collectors").resolve(BUNDLE.folderName());
        write(operatorModules.resolve("hostinfo.chart.py"), CollectorJars.MODULE_SOURCE);
        for (String module : new String[] {"alpha", "beta", "gamma", "delta", "hostinfo"}) {
            write(folder.resolve("python.d").resolve(module + ".chart.py"), CollectorJars.MODULE_SOURCE);
            write(folder.resolve("conf.d/python.d").resolve(module + ".conf"), "bundled:\n  update_every: 2\n");
        }
        write(folder.resolve("conf.d/python.d.conf"), "gamma: no\n");
        write(operatorConf.resolve("python.d.conf"), "beta: no\n");
        write(operatorConf.resolve("python.d/alpha.conf"), "mine:\n  update_every: 5\n");
        write(folder.resolve("python.d/Kernel/limits.py"), CollectorJars.SCRIPT_SOURCE);
        write(folder.resolve("conf.d/kernel.conf"),
                "[[inputs.pythond]]\n  name = 'kernel'\n  cmd = 'python3'\n  dirs = ['Kernel']\n");
    }

    private CollectorScan scan() {
        return scan(List.of(), Map.of());
    }

    private CollectorScan scan(List<String> commandLineModules, Map<String, CollectorBundle> claimedByOthers) {
        PythonDSettings container = new PythonDSettings(List.of(operatorConf), List.of(operatorModules),
                commandLineModules, 1, 1);
        return new CollectorScanner(container, Map.of())
                .scan(BUNDLE, CollectorHeader.DEFAULTS, folder, claimedByOthers);
    }

    private static List<String> ids(CollectorScan scan) {
        return scan.result().jobs().stream().map(job -> job.id().toString()).toList();
    }

    private static JobDefinition job(CollectorScan scan, String module) {
        return scan.result().jobs().stream().filter(job -> job.id().module().equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("no job of " + module + " in " + ids(scan)));
    }

    @Test
    void operatorsModuleConfWinsOverTheBundles() {
        JobDefinition alpha = job(scan(), "alpha");

        assertEquals("mine", alpha.id().job());
        assertEquals(5, alpha.config().get("update_every"));
        assertEquals("bundle io.example.collector 1.2.3: " + operatorConf.resolve("python.d/alpha.conf"),
                alpha.origin());
    }

    @Test
    void bundlesModuleConfIsUsedWhenTheOperatorHasNoneAndTheOriginNamesTheFileInTheJar() {
        JobDefinition delta = job(scan(), "delta");

        assertEquals("bundled", delta.id().job());
        assertEquals("bundle io.example.collector 1.2.3: conf.d/python.d/delta.conf", delta.origin());
        assertEquals(folder.resolve("python.d/delta.chart.py"), delta.modulePath());
        assertEquals("delta", delta.workerGroup());
        assertEquals(JobKind.PYTHON_D, delta.kind());
    }

    @Test
    void operatorsPythonDConfSwitchesABundleModuleOffByName() {
        CollectorScan scan = scan();

        assertTrue(ids(scan).stream().noneMatch(id -> id.startsWith("beta/")), ids(scan).toString());
        assertTrue(scan.result().notes().stream().anyMatch(n -> n.startsWith(LABEL + ": ") && n.contains("beta")),
                scan.result().notes().toString());
    }

    @Test
    void moduleTheBundleSwitchesOffStaysOff() {
        assertTrue(ids(scan()).stream().noneMatch(id -> id.startsWith("gamma/")), ids(scan()).toString());
    }

    @Test
    void operatorMaySwitchOnAModuleTheBundleSwitchesOff() {
        write(operatorConf.resolve("python.d.conf"), "gamma: yes\n");

        assertEquals("gamma/bundled", job(scan(), "gamma").id().toString());
    }

    @Test
    void operatorsPluginSwitchOffStopsTheBundlesPythonDModulesToo() {
        write(operatorConf.resolve("python.d.conf"), "enabled: no\n");

        assertEquals(List.of("limits/Limits"), ids(scan()));
    }

    @Test
    void pythondTablesOfTheBundleRunInAWorkerOfTheirOwn() {
        JobDefinition limits = job(scan(), "limits");

        assertEquals(JobKind.DATAKIT, limits.kind());
        assertEquals("Limits", limits.id().job());
        assertEquals("pythond:io.example.collector:kernel", limits.workerGroup());
        assertEquals("bundle io.example.collector 1.2.3: conf.d/kernel.conf", limits.origin());
        assertEquals(folder.resolve("python.d/Kernel/limits.py"), limits.modulePath());
    }

    @Test
    void operatorsPythondTablesAreNotTheBundles() {
        write(operatorModules.resolve("Mine/mine.py"), CollectorJars.SCRIPT_SOURCE.replace("Limits", "Mine"));
        write(operatorConf.resolve("mine.conf"),
                "[[inputs.pythond]]\n  name = 'mine'\n  cmd = 'python3'\n  dirs = ['Mine']\n");

        assertTrue(ids(scan()).stream().noneMatch(id -> id.startsWith("mine/")), ids(scan()).toString());
    }

    @Test
    void moduleThatConfDAlsoHasIsReportedOnceAndNotRun() {
        CollectorScan scan = scan();

        assertTrue(ids(scan).stream().noneMatch(id -> id.startsWith("hostinfo/")), ids(scan).toString());
        List<Problem> clashes = scan.result().problems().stream()
                .filter(p -> p.message().contains("module hostinfo")).toList();
        assertEquals(1, clashes.size(), scan.result().problems().toString());
        assertTrue(clashes.get(0).message().startsWith(LABEL + ": "), clashes.get(0).message());
        assertTrue(clashes.get(0).message().contains("conf.d has a module of the same name"));
        assertFalse(scan.claims().contains("hostinfo"));
    }

    @Test
    void scriptThatConfDsPythondAlsoRunsIsNotRun() {
        write(operatorModules.resolve("Theirs/limits.py"), CollectorJars.SCRIPT_SOURCE);
        write(operatorConf.resolve("theirs.conf"),
                "[[inputs.pythond]]\n  name = 'theirs'\n  cmd = 'python3'\n  dirs = ['Theirs']\n");

        CollectorScan scan = scan();

        assertTrue(ids(scan).stream().noneMatch(id -> id.startsWith("limits/")), ids(scan).toString());
        assertEquals(1, scan.result().problems().stream().filter(p -> p.message().contains("module limits")).count());
    }

    @Test
    void moduleAnEarlierBundleRunsWaitsForThatBundle() {
        CollectorBundle earlier = new CollectorBundle("io.example.first", "2.0.0", 7, 1);

        CollectorScan scan = scan(List.of(), Map.of("alpha", earlier, "limits", earlier));

        assertEquals(List.of("delta/bundled"), ids(scan));
        assertEquals(Set.of(7L), scan.waitingFor());
        assertEquals(Set.of("beta", "gamma", "delta"), scan.claims());
        assertTrue(scan.result().problems().stream().anyMatch(p -> p.message()
                .equals(LABEL + ": module alpha is already run by collector bundle io.example.first 2.0.0 (bundle 7);"
                        + " it runs from this bundle once that one is gone")), scan.result().problems().toString());
    }

    @Test
    void theModulesItRunsAreClaimed() {
        assertEquals(Set.of("alpha", "beta", "gamma", "delta", "limits"), scan().claims());
    }

    @Test
    void badModuleConfIsOneErrorNamingTheBundleAndTheFileInTheJarAndTheOthersRun() {
        write(folder.resolve("conf.d/python.d/delta.conf"), "bundled: [unclosed\n");

        CollectorScan scan = scan();

        List<Problem> errors = scan.result().problems().stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR).toList();
        assertEquals(1, errors.size(), errors.toString());
        String message = errors.get(0).message();
        assertTrue(message.startsWith(LABEL + ": "), message);
        assertTrue(message.contains("conf.d/python.d/delta.conf"), message);
        assertFalse(message.contains(folder.toString()), message);
        assertEquals(List.of("alpha/mine", "limits/Limits"), ids(scan));
    }

    @Test
    void messagesUseTheFolderNamesOfTheHeader() {
        write(folder.resolve("conf.d/python.d/delta.conf"), "bundled: [unclosed\n");
        PythonDSettings container = new PythonDSettings(List.of(operatorConf), List.of(operatorModules), List.of(), 1, 1);

        CollectorScan scan = new CollectorScanner(container, Map.of()).scan(BUNDLE,
                CollectorHeader.parse("modules=collector/py;config=collector/etc"), folder, Map.of());

        assertTrue(scan.result().problems().stream()
                .anyMatch(p -> p.message().contains("collector/etc/python.d/delta.conf")), scan.result().problems()
                        .toString());
        assertEquals("bundle io.example.collector 1.2.3: collector/etc/kernel.conf", job(scan, "limits").origin());
    }

    @Test
    void bundleWithNothingToRunIsOneErrorNamingIt() throws IOException {
        CollectorFolders.delete(folder);
        Files.createDirectories(folder.resolve("python.d"));
        Files.createDirectories(folder.resolve("conf.d"));

        CollectorScan scan = scan();

        assertEquals(List.of(), scan.result().jobs());
        assertEquals(1, scan.result().problems().size(), scan.result().problems().toString());
        Problem problem = scan.result().problems().get(0);
        assertEquals(Problem.Severity.ERROR, problem.severity());
        assertTrue(problem.message().startsWith(LABEL + ": nothing to run"), problem.message());
    }

    @Test
    void modulesNamedOnTheCommandLineSelectTheBundlesModulesAndNoScripts() {
        assertEquals(List.of("delta/bundled"), ids(scan(List.of("delta", "hostinfo"), Map.of())));
        assertEquals(List.of(), ids(scan(List.of("hostinfo"), Map.of())));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
