package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;

class PythonDConfigLoaderTest {

    /** The stock example.conf of Netdata 1.37.1, comments left out. */
    private static final String STOCK_EXAMPLE_CONF = """
            four_lines:
                name: "Four Lines"      # the JOB's name as it will appear on the dashboard
                update_every: 1         # the JOB's data collection frequency
                priority: 60000         # the JOB's order on the dashboard
                penalty: yes            # the JOB's penalty
                autodetection_retry: 0  # the JOB's re-check interval in seconds
                num_lines: 4            # the number of lines to create
                lower: 0                # the lower bound of numbers to randomly sample from
                upper: 100              # the upper bound of numbers to randomly sample from
            """;

    @TempDir
    Path root;

    private PythonDLayout layout;

    @BeforeEach
    void setUp() {
        layout = new PythonDLayout(root);
    }

    private static List<String> ids(ScanResult result) {
        return result.jobs().stream().map(job -> job.id().toString()).toList();
    }

    private static JobDefinition only(ScanResult result) {
        assertEquals(1, result.jobs().size(), () -> "jobs: " + ids(result));
        return result.jobs().get(0);
    }

    private static String allProblems(ScanResult result) {
        return String.join("\n", result.problems().stream().map(Problem::message).toList());
    }

    // --- jobs of one module ---------------------------------------------------------------------------------

    @Test
    void stockExampleConfGivesJobFourLinesNamedFourUnderscoreLines() {
        layout.module("example").stockConf("example", STOCK_EXAMPLE_CONF);

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("example", "four_lines"), job.id());
        assertEquals("Four_Lines", job.name());
        assertEquals(JobKind.PYTHON_D, job.kind());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "Four_Lines");
        expected.put("update_every", 1);
        expected.put("priority", 60000);
        expected.put("penalty", true);
        expected.put("autodetection_retry", 0);
        expected.put("num_lines", 4);
        expected.put("lower", 0);
        expected.put("upper", 100);
        assertEquals(expected, job.config());
    }

    @Test
    void jobDefinitionCarriesModulePathGroupOriginDefaultsAndMinimum() {
        layout.module("example").stockConf("example", STOCK_EXAMPLE_CONF);
        PythonDSettings settings = new PythonDSettings(List.of(layout.userConf, layout.stockConf),
                List.of(layout.stockModules), List.of(), 7, 5);

        JobDefinition job = only(new PythonDConfigLoader().load(settings));

        assertEquals(layout.stockModules.resolve("example.chart.py"), job.modulePath());
        assertEquals("example", job.workerGroup());
        assertNull(job.interpreter());
        assertEquals(List.of(), job.sinks());
        assertEquals(5, job.minUpdateEvery());
        assertEquals(layout.stockConf.resolve("python.d/example.conf").toString(), job.origin());
        assertEquals(Map.of("update_every", 7, "priority", 60000, "autodetection_retry", 0, "chart_cleanup", 10,
                "penalty", true), job.defaults());
    }

    @Test
    void confWithoutJobSectionsIsOneJobNamedAfterTheModuleHoldingTheWholeFile() {
        layout.module("probe").stockConf("probe", """
                update_every: 7
                foo: bar
                list: [1, 2]
                """);

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "probe"), job.id());
        assertEquals("probe", job.name());
        assertEquals(Map.of("update_every", 7, "foo", "bar", "list", List.of(1, 2)), job.config());
    }

    @Test
    void nameAtTopLevelOfAConfWithoutJobsNamesTheSingleJob() {
        layout.module("probe").stockConf("probe", "name: \"x  y\"\n");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "probe"), job.id());
        assertEquals("x_y", job.name());
        assertEquals("x_y", job.config().get("name"));
    }

    @Test
    void missingConfGivesOneJobNamedAfterTheModuleWithOriginTheModule() {
        layout.module("probe");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "probe"), job.id());
        assertEquals("probe", job.name());
        assertEquals(Map.of(), job.config());
        assertEquals(layout.stockModules.resolve("probe.chart.py").toString(), job.origin());
        assertTrue(layout.load().problems().isEmpty());
    }

    @Test
    void emptyConfGivesOneJobNamedAfterTheModule() {
        layout.module("probe").stockConf("probe", "# nothing but a comment\n");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "probe"), job.id());
        assertEquals(Map.of(), job.config());
    }

    @Test
    void topLevelDefaultsMixedWithJobsAreInheritedAndJobSectionWins() {
        layout.module("probe").stockConf("probe", """
                update_every: 5
                priority: 123
                local:
                    x: 1
                remote:
                    update_every: 2
                    x: 2
                """);

        ScanResult result = layout.load();

        assertEquals(List.of("probe/local", "probe/remote"), ids(result));
        assertEquals(Map.of("update_every", 5, "priority", 123, "x", 1), result.jobs().get(0).config());
        assertEquals(Map.of("update_every", 2, "priority", 123, "x", 2), result.jobs().get(1).config());
    }

    @Test
    void onlyTheFiveTimingKeysAreInheritedFromTheTopLevel() {
        layout.module("probe").stockConf("probe", """
                update_every: 5
                priority: 6
                autodetection_retry: 7
                chart_cleanup: 8
                penalty: no
                url: http://127.0.0.1/
                name: top
                timeout: 3
                job:
                    x: 1
                """);

        JobDefinition job = only(layout.load());

        assertEquals(Map.of("update_every", 5, "priority", 6, "autodetection_retry", 7, "chart_cleanup", 8,
                "penalty", false, "x", 1), job.config());
        assertEquals("job", job.name());
    }

    @Test
    void jobsFollowFileOrderNotNameOrder() {
        layout.module("probe").stockConf("probe", "zeta:\n  x: 1\nalpha:\n  x: 2\nmid:\n  x: 3\n");

        assertEquals(List.of("probe/zeta", "probe/alpha", "probe/mid"), ids(layout.load()));
    }

    @Test
    void repeatedJobKeyIsOneJobWithTheLastSectionAtTheFirstPlace() {
        layout.module("probe").stockConf("probe", "c:\n  x: 3\nd:\n  x: 0\nc:\n  x: 4\n");

        ScanResult result = layout.load();

        assertEquals(List.of("probe/c", "probe/d"), ids(result));
        assertEquals(Map.of("x", 4), result.jobs().get(0).config());
    }

    @Test
    void topLevelKeysWithoutAMappingAreNotJobs() {
        layout.module("probe").stockConf("probe", "nothing:\nscalar: 1\nempty: {}\nlist: [a]\n");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "empty"), job.id());
        assertEquals(Map.of(), job.config());
    }

    @Test
    void whitespaceRunsInJobKeyAndNameBecomeOneUnderscore() {
        layout.module("probe").stockConf("probe", """
                "my  job":
                    name: "Four \\t Lines"
                "other job": {}
                """);

        ScanResult result = layout.load();

        assertEquals(List.of("probe/my_job", "probe/other_job"), ids(result));
        assertEquals("Four_Lines", result.jobs().get(0).name());
        assertEquals("Four_Lines", result.jobs().get(0).config().get("name"));
        assertEquals("other_job", result.jobs().get(1).name());
    }

    @Test
    void emptyJobKeyIsNamedAfterTheModule() {
        layout.module("probe").stockConf("probe", "\"\":\n  x: 1\n");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "probe"), job.id());
        assertEquals("probe", job.name());
        assertEquals(Map.of("x", 1), job.config());
    }

    @Test
    void emptyNameFallsBackToTheJobKey() {
        layout.module("probe").stockConf("probe", "job:\n  name: ''\n");

        assertEquals("job", only(layout.load()).name());
    }

    @Test
    void nonStringJobKeyAndNameAreUsedAsPythonWouldPrintThem() {
        // python.d itself crashes on these (re.sub on a bool or an int); we keep the rest running
        layout.module("probe").stockConf("probe", "yes:\n  name: 123\n12:\n  x: 1\n");

        ScanResult result = layout.load();

        assertEquals(List.of("probe/True", "probe/12"), ids(result));
        assertEquals("123", result.jobs().get(0).name());
    }

    @Test
    void jobKeysEqualAfterWhitespaceRuleKeepTheFirstAndReportTheSecond() {
        layout.module("probe").stockConf("probe", "a b:\n  x: 1\na_b:\n  x: 2\n");

        ScanResult result = layout.load();

        JobDefinition job = only(result);
        assertEquals(1, job.config().get("x"));
        assertTrue(allProblems(result).contains("job 'a_b'"), allProblems(result));
    }

    @Test
    void keysWithoutValueAreLeftOutOfTheConfig() {
        layout.module("probe").stockConf("probe", "job:\n  url:\n  x: 1\n");

        assertEquals(Map.of("x", 1), only(layout.load()).config());
    }

    @Test
    void nestedValuesArePlainJsonTypesAndDatesStayText() {
        layout.module("probe").stockConf("probe", """
                job:
                  when: 2024-01-02
                  nested: {1: [a, {b: null}], on: 2.5}
                """);

        Map<String, Object> config = only(layout.load()).config();

        assertEquals("2024-01-02", config.get("when"));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("b", null);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("1", List.of("a", b));
        nested.put("True", 2.5);
        assertEquals(nested, config.get("nested"));
    }

    @Test
    void pythonDReservedKeysAreDroppedFromTheConfig() {
        layout.module("probe").stockConf("probe", "job:\n  job_name: other\n  override_name: x\n  y: 1\n");

        JobDefinition job = only(layout.load());

        assertEquals(new JobId("probe", "job"), job.id());
        assertEquals(Map.of("y", 1), job.config());
    }

    // --- which conf file ------------------------------------------------------------------------------------

    @Test
    void userModuleConfWinsOverStockWithoutMerging() {
        layout.module("probe")
                .stockConf("probe", "update_every: 9\nstock_job:\n  x: 1\n")
                .userConf("probe", "user_job:\n  y: 2\n");

        ScanResult result = layout.load();

        JobDefinition job = only(result);
        assertEquals(new JobId("probe", "user_job"), job.id());
        assertEquals(Map.of("y", 2), job.config());
        assertEquals(layout.userConf.resolve("python.d/probe.conf").toString(), job.origin());
    }

    @Test
    void badYamlIsOneErrorNamingFileAndLineAndSkipsOnlyThatModule() {
        layout.module("broken").module("good")
                .stockConf("broken", "a: 1\n  b: [2\nc: 3\n");

        ScanResult result = layout.load();

        assertEquals(List.of("good/good"), ids(result));
        assertEquals(1, result.problems().size(), allProblems(result));
        Problem problem = result.problems().get(0);
        assertEquals(Problem.Severity.ERROR, problem.severity());
        String file = layout.stockConf.resolve("python.d/broken.conf").toString();
        assertTrue(problem.message().contains(file + ":2:4: "), problem.message());
        assertTrue(problem.message().contains("mapping values are not allowed here"), problem.message());
        assertTrue(problem.message().startsWith("module broken: "), problem.message());
    }

    @Test
    void confThatIsNotAMappingSkipsTheModuleWithAnError() {
        layout.module("probe").module("good").stockConf("probe", "- a\n- b\n");

        ScanResult result = layout.load();

        assertEquals(List.of("good/good"), ids(result));
        assertTrue(allProblems(result).contains("probe.conf: not a YAML mapping"), allProblems(result));
    }

    // --- python.d.conf --------------------------------------------------------------------------------------

    @Test
    void moduleSetToNoInPythonDConfDoesNotRun() {
        layout.module("a").module("b").stockPluginConf("a: no\n");

        ScanResult result = layout.load();

        assertEquals(List.of("b/b"), ids(result));
        assertTrue(String.join("\n", result.notes()).contains("module a is disabled in python.d.conf"));
    }

    @Test
    void userPythonDConfOverridesStockKeyByKey() {
        layout.module("a").module("b").module("c").module("d")
                .stockPluginConf("a: no\nb: no\nc: yes\n")
                .userPluginConf("b: yes\nd: no\n");

        assertEquals(List.of("b/b", "c/c"), ids(layout.load()));
    }

    @Test
    void enabledNoRunsNothing() {
        layout.module("a").stockPluginConf("enabled: yes\n").userPluginConf("enabled: no\na: yes\n");

        ScanResult result = layout.load();

        assertEquals(List.of(), result.jobs());
        assertTrue(String.join("\n", result.notes()).contains("enabled: no"));
    }

    @Test
    void enabledAsQuotedStringNoIsTrueAsInPython() {
        layout.module("a").userPluginConf("enabled: \"no\"\n");

        assertEquals(List.of("a/a"), ids(layout.load()));
    }

    @Test
    void defaultRunNoRunsOnlyModulesSetToYes() {
        layout.module("a").module("b").module("c").userPluginConf("default_run: no\nc: yes\n");

        assertEquals(List.of("c/c"), ids(layout.load()));
    }

    @Test
    void brokenPythonDConfIsOneErrorWithFileAndLineAndIsTreatedAsEmpty() {
        layout.module("a").module("b")
                .stockPluginConf("a: no\n")
                .userPluginConf("enabled: no\nb: [yes\nd: no\n");

        ScanResult result = layout.load();

        // the user file counts as empty: the stock file's "a: no" still applies, its "enabled: no" does not
        assertEquals(List.of("b/b"), ids(result));
        assertEquals(1, result.problems().size(), allProblems(result));
        String file = layout.userConf.resolve("python.d.conf").toString();
        assertTrue(result.problems().get(0).message().contains(file + ":3:2: "), allProblems(result));
    }

    @Test
    void pythonDConfThatIsNotAMappingIsReportedAndTreatedAsEmpty() {
        layout.module("a").userPluginConf("just text\n");

        ScanResult result = layout.load();

        assertEquals(List.of("a/a"), ids(result));
        assertTrue(allProblems(result).contains("not a YAML mapping"), allProblems(result));
    }

    // --- modules --------------------------------------------------------------------------------------------

    @Test
    void modulesRunInNameOrder() {
        layout.module("zeta").module("alpha").module(layout.userModules, "mid", PythonDLayout.MODULE_SOURCE);

        assertEquals(List.of("alpha/alpha", "mid/mid", "zeta/zeta"), ids(layout.load()));
    }

    @Test
    void moduleInHigherPrecedenceDirWinsOverSameNamedStockModule() {
        layout.module("probe").module(layout.userModules, "probe", PythonDLayout.MODULE_SOURCE);

        assertEquals(layout.userModules.resolve("probe.chart.py"), only(layout.load()).modulePath());
    }

    @Test
    void filesNotEndingInChartPyAreNotModules() {
        layout.module("probe");
        PythonDLayout.write(layout.stockModules.resolve("helper.py"), "x = 1\n");
        PythonDLayout.write(layout.stockModules.resolve("old.chart.py.orig"), "x = 1\n");

        assertEquals(List.of("probe/probe"), ids(layout.load()));
    }

    @Test
    void disabledByDefaultModuleDoesNotRunWithoutExplicitYes() {
        layout.module(layout.stockModules, "shy", "disabled_by_default = True\n" + PythonDLayout.MODULE_SOURCE)
                .module("plain");

        ScanResult result = layout.load();

        assertEquals(List.of("plain/plain"), ids(result));
        assertTrue(String.join("\n", result.notes()).contains("module shy is disabled by default"));
    }

    @Test
    void disabledByDefaultModuleRunsWithExplicitYes() {
        layout.module(layout.stockModules, "shy", "disabled_by_default = True\n" + PythonDLayout.MODULE_SOURCE)
                .userPluginConf("shy: yes\n");

        assertEquals(List.of("shy/shy"), ids(layout.load()));
    }

    @Test
    void disabledByDefaultModuleDoesNotRunOnDefaultRunYesAlone() {
        layout.module(layout.stockModules, "shy", "disabled_by_default = True\n" + PythonDLayout.MODULE_SOURCE)
                .userPluginConf("default_run: yes\n");

        assertEquals(List.of(), ids(layout.load()));
    }

    // --- modules named on the command line ------------------------------------------------------------------

    @Test
    void onlyModulesNamedOnTheCommandLineRun() {
        layout.module("a").module("b").module("c");

        assertEquals(List.of("a/a", "c/c"), ids(layout.load("c", "a")));
    }

    @Test
    void moduleNamedOnTheCommandLineButSetToNoDoesNotRun() {
        layout.module("a").module("b").userPluginConf("a: no\n");

        ScanResult result = layout.load("a", "b");

        assertEquals(List.of("b/b"), ids(result));
        assertTrue(String.join("\n", result.notes()).contains("module a is disabled in python.d.conf"));
    }

    @Test
    void moduleNamedOnTheCommandLineButDisabledByDefaultDoesNotRunWithoutExplicitYes() {
        layout.module(layout.stockModules, "shy", "disabled_by_default = True\n" + PythonDLayout.MODULE_SOURCE);

        assertEquals(List.of(), ids(layout.load("shy")));
    }

    @Test
    void moduleNamedOnTheCommandLineUnderDefaultRunNoDoesNotRun() {
        layout.module("a").userPluginConf("default_run: no\n");

        assertEquals(List.of(), ids(layout.load("a")));
    }

    @Test
    void unknownModuleOnTheCommandLineIsOneErrorWithCloseMatchesAndTheKnownOnesStillRun() {
        layout.module("example").module("exim").module("apache");

        ScanResult result = layout.load("apache", "exmaple");

        assertEquals(List.of("apache/apache"), ids(result));
        assertEquals(1, result.problems().size(), allProblems(result));
        String message = result.problems().get(0).message();
        assertTrue(message.contains("unknown module 'exmaple'"), message);
        assertTrue(message.contains("probably you meant: example"), message);
    }

    @Test
    void unknownModuleWithoutCloseMatchSuggestsNothing() {
        layout.module("example");

        String message = layout.load("zzz").problems().get(0).message();

        assertTrue(message.contains("unknown module 'zzz'"), message);
        assertTrue(!message.contains("probably"), message);
    }

    // --- the interpreter (Terrarium's python key) -------------------------------------------------------------

    @Test
    void moduleRunsWithTheDefaultInterpreterWhenNoneIsNamed() {
        layout.module("a");

        assertEquals(null, only(layout.load()).interpreter());
    }

    @Test
    void pythonDConfNamesAnInterpreterPerModule() {
        layout.module("a").module("b").userPluginConf("python:\n  a: /opt/venv/bin/python\n");

        ScanResult result = layout.load();

        assertEquals("/opt/venv/bin/python", result.jobs().get(0).interpreter());
        assertEquals(null, result.jobs().get(1).interpreter());
    }

    @Test
    void pythonDConfNamesAnInterpreterForEveryModule() {
        layout.module("a").module("b").userPluginConf("python: /usr/bin/python3.11\n");

        ScanResult result = layout.load();

        assertEquals(List.of("/usr/bin/python3.11", "/usr/bin/python3.11"),
                result.jobs().stream().map(JobDefinition::interpreter).toList());
    }

    @Test
    void moduleConfPythonKeyWinsOverPythonDConfAndAppliesToEveryJobWithoutBeingAJobKey() {
        layout.module("a").userPluginConf("python:\n  a: /from/plugin/conf\n")
                .userConf("a", "python: /opt/venv/bin/python\none:\n  x: 1\ntwo:\n  x: 2\n");

        ScanResult result = layout.load();

        assertEquals(List.of("a/one", "a/two"), ids(result));
        result.jobs().forEach(job -> {
            assertEquals("/opt/venv/bin/python", job.interpreter());
            assertFalse(job.config().containsKey("python"), job.config().toString());
        });
    }

    @Test
    void pythonKeyOfASingleJobFileIsNotPassedToTheModule() {
        layout.module("a").userConf("a", "python: /opt/venv/bin/python\nx: 1\n");

        JobDefinition job = only(layout.load());

        assertEquals("/opt/venv/bin/python", job.interpreter());
        assertEquals(Map.of("x", 1), job.config());
    }

    // --- workers (Terrarium's key: a module's jobs over several worker processes) ---------------------------------

    @Test
    void aModuleRunsInOneWorkerGroupNamedByIt() {
        layout.module("a").userConf("a", "one:\n  x: 1\ntwo:\n  x: 2\n");

        assertEquals(List.of("a", "a"), layout.load().jobs().stream().map(JobDefinition::workerGroup).toList());
    }

    @Test
    void workersSpreadAModulesJobsOverThatManyGroupsByJobKey() {
        StringBuilder conf = new StringBuilder("workers: 3\n");
        for (int i = 0; i < 60; i++) {
            conf.append("j").append(i).append(":\n  x: ").append(i).append('\n');
        }
        layout.module("a").userConf("a", conf.toString());

        ScanResult result = layout.load();

        Map<String, Long> perGroup = result.jobs().stream().collect(java.util.stream.Collectors.groupingBy(
                JobDefinition::workerGroup, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertEquals(List.of("a#1", "a#2", "a#3"), List.copyOf(perGroup.keySet()));
        perGroup.values().forEach(count -> assertTrue(count >= 10, "spread: " + perGroup));
        result.jobs().forEach(job -> assertFalse(job.config().containsKey("workers"), job.config().toString()));
        assertEquals("", allProblems(result));
    }

    @Test
    void aModuleWithVeryManyJobsGetsAWorkerPerEightThousandUpToOnePerCore() {
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < 8001; i++) {
            conf.append("j").append(i).append(":\n  x: 1\n");
        }
        layout.module("a").userConf("a", conf.toString());

        long groups = layout.load().jobs().stream().map(JobDefinition::workerGroup).distinct().count();

        assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), groups);
    }

    @Test
    void aJobKeepsItsWorkerGroupWhenOtherJobsComeAndGo() {
        layout.module("a").userConf("a", "workers: 4\nkeep:\n  x: 1\n");
        String alone = only(layout.load()).workerGroup();
        layout.userConf("a", "workers: 4\nfirst:\n  x: 0\nkeep:\n  x: 1\nlast:\n  x: 2\n");

        assertEquals(alone, layout.load().jobs().get(1).workerGroup());
    }

    @Test
    void workersThatIsNotAWholeNumberFromOneToSixtyFourIsReportedAndMeansOne() {
        layout.module("a").userConf("a", "workers: lots\none:\n  x: 1\n");

        ScanResult result = layout.load();

        assertEquals("a", only(result).workerGroup());
        assertTrue(allProblems(result).contains("'workers' must be a whole number from 1 to 64 (lots)"),
                allProblems(result));
    }

    // --- debug mode's job filter -----------------------------------------------------------------------------

    @Test
    void debugModeKeepsOnlyTheNamedJobsByKeyOrName() {
        layout.module("a").userConf("a", "one:\n  x: 1\ntwo:\n  name: second\nthree:\n  x: 3\n");
        PythonDSettings all = layout.settings("a");
        PythonDSettings some = new PythonDSettings(all.configDirs(), all.moduleDirs(), all.commandLineModules(), 1, 1,
                List.of("one", "second"));

        assertEquals(List.of("a/one", "a/two"), ids(new PythonDConfigLoader().load(some)));
    }

    @Test
    void debugModeReportsAJobNameThatMatchesNothing() {
        layout.module("a").userConf("a", "one:\n  x: 1\n");
        PythonDSettings all = layout.settings("a");
        ScanResult result = new PythonDConfigLoader().load(new PythonDSettings(all.configDirs(), all.moduleDirs(),
                all.commandLineModules(), 1, 1, List.of("nope")));

        assertEquals(List.of(), ids(result));
        assertTrue(allProblems(result).contains("no job 'nope' (the jobs are: one)"), allProblems(result));
    }

    // --- sinks (Terrarium's key) ---------------------------------------------------------------------------------

    @Test
    void jobSinksAreANameOrAListAndAreNotPassedToTheModule() {
        layout.module("a").userConf("a", """
                one:
                  sinks: datakit
                two:
                  sinks: [netdata, " datakit ", netdata]
                three:
                  x: 1
                """);

        ScanResult result = layout.load();

        assertEquals(List.of(List.of("datakit"), List.of("netdata", "datakit"), List.of()),
                result.jobs().stream().map(JobDefinition::sinks).toList());
        result.jobs().forEach(job -> assertFalse(job.config().containsKey("sinks"), job.config().toString()));
        assertEquals(List.of(), result.problems());
    }

    @Test
    void topLevelSinksAreTheDefaultOfJobsWithoutTheirOwn() {
        layout.module("a").userConf("a", """
                sinks: [file]
                one:
                  x: 1
                two:
                  sinks: prometheus
                three:
                  sinks: []
                """);

        ScanResult result = layout.load();

        assertEquals(List.of(List.of("file"), List.of("prometheus"), List.of()),
                result.jobs().stream().map(JobDefinition::sinks).toList());
        assertEquals(Map.of("x", 1), result.jobs().get(0).config());
    }

    @Test
    void sinksOfAFileWithoutJobSectionsAreItsSingleJobs() {
        layout.module("a").userConf("a", "sinks: datakit\nx: 1\n");

        JobDefinition job = only(layout.load());

        assertEquals(List.of("datakit"), job.sinks());
        assertEquals(Map.of("x", 1), job.config());
    }

    @Test
    void jobSinksOfAnotherTypeAreOneErrorNamingFileModuleAndJobAndTheJobFeedsEverySink() {
        layout.module("a").userConf("a", "sinks: [file]\none:\n  sinks: [datakit, 12]\ntwo:\n  x: 1\n");

        ScanResult result = layout.load();

        assertEquals(List.of(List.of(), List.of("file")), result.jobs().stream().map(JobDefinition::sinks).toList());
        assertEquals(1, result.problems().size(), allProblems(result));
        String message = result.problems().get(0).message();
        assertEquals(Problem.Severity.ERROR, result.problems().get(0).severity());
        assertTrue(message.startsWith("module a: " + layout.userConf.resolve("python.d/a.conf") + ": job 'one': "
                + "'sinks' must be a sink name or a list of sink names"), message);
        assertTrue(message.endsWith("the job feeds every sink"), message);
    }

    @Test
    void topLevelSinksOfAnotherTypeAreOneErrorAndJobsWithoutTheirOwnFeedEverySink() {
        layout.module("a").userConf("a", "sinks: yes\none:\n  x: 1\ntwo:\n  sinks: file\n");

        ScanResult result = layout.load();

        assertEquals(List.of(List.of(), List.of("file")), result.jobs().stream().map(JobDefinition::sinks).toList());
        assertEquals(1, result.problems().size(), allProblems(result));
        assertTrue(allProblems(result).contains("a.conf: 'sinks' must be a sink name or a list of sink names "
                + "(top level: true)"), allProblems(result));
    }

    @Test
    void timeoutsThatAreNoPositiveNumberAreOneErrorEachNamingFileAndJobAndTheDefaultApplies() {
        layout.module("a").userConf("a", "one:\n  check_timeout: 0\n  collect_timeout: -1\n  command_timeout: soon\n"
                + "two:\n  check_timeout: 2.5\n  collect_timeout: '4'\n  command_timeout: yes\n");

        ScanResult result = layout.load();

        assertEquals(List.of(Map.of(), Map.of("check_timeout", 2.5, "collect_timeout", "4")),
                result.jobs().stream().map(JobDefinition::config).toList());
        String conf = "module a: " + layout.userConf.resolve("python.d/a.conf") + ": ";
        assertEquals(List.of(conf + "job 'one': 'check_timeout' must be a positive number of seconds (0); using the default",
                conf + "job 'one': 'collect_timeout' must be a positive number of seconds (-1); using the default",
                conf + "job 'one': 'command_timeout' must be a positive number of seconds (soon); using the default",
                conf + "job 'two': 'command_timeout' must be a positive number of seconds (true); using the default"),
                result.problems().stream().map(Problem::message).toList());
        assertTrue(result.problems().stream().allMatch(p -> p.severity() == Problem.Severity.ERROR));
    }

    @Test
    void timeoutsAtTheTopOfAFileWithJobsAreTheirDefaultAndABadOneIsOneErrorForTheFile() {
        layout.module("a").userConf("a", "check_timeout: 5\ncollect_timeout: 0\none:\n  x: 1\n"
                + "two:\n  check_timeout: 7\n");

        ScanResult result = layout.load();

        assertEquals(List.of(Map.of("check_timeout", 5, "x", 1), Map.of("check_timeout", 7)),
                result.jobs().stream().map(JobDefinition::config).toList());
        assertEquals(List.of("module a: " + layout.userConf.resolve("python.d/a.conf") + ": 'collect_timeout' must be a "
                + "positive number of seconds (0), top level; its jobs use the default"),
                result.problems().stream().map(Problem::message).toList());
    }

    // --- revision ------------------------------------------------------------------------------------------------

    @Test
    void revisionIsTheModuleFilesFingerprintAndTwoScansOfUnchangedFilesAreEqual() {
        layout.module("a").userConf("a", "one:\n  x: 1\ntwo:\n  x: 2\n");

        ScanResult first = layout.load();
        ScanResult second = layout.load();

        assertEquals(first.jobs(), second.jobs());
        String revision = first.jobs().get(0).revision();
        assertTrue(revision.matches("[0-9a-f]{16}"), revision);
        assertEquals(SourceFingerprint.of(layout.stockModules.resolve("a.chart.py")), revision);
        assertEquals(revision, first.jobs().get(1).revision());
    }

    @Test
    void anEditedModuleChangesTheRevisionOfExactlyItsJobs() {
        layout.module("a").module("b").userConf("a", "one:\n  x: 1\ntwo:\n  x: 2\n");
        ScanResult before = layout.load();

        layout.module(layout.stockModules, "a", PythonDLayout.MODULE_SOURCE + "# edited\n");
        ScanResult after = layout.load();

        assertEquals(ids(before), ids(after));
        for (int i = 0; i < 2; i++) {
            JobDefinition old = before.jobs().get(i);
            JobDefinition edited = after.jobs().get(i);
            assertFalse(old.revision().equals(edited.revision()), "revision of " + old.id());
            assertEquals(old.withRevision(edited.revision()), edited);
        }
        assertEquals(before.jobs().get(2), after.jobs().get(2));
    }

    // --- a file that stops parsing keeps its jobs ------------------------------------------------------------------

    @Test
    void moduleConfThatStopsParsingKeepsThatModulesJobsExactlyAndSaysWhereAndWhat() {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("foo").module("bar").userConf("foo", "one:\n  x: 1\ntwo:\n  x: 2\n")
                .userConf("bar", "only:\n  y: 1\n");
        ScanResult before = loader.load(layout.settings());

        layout.userConf("foo", "one:\n  x: 1\ntwo:\n  x: 3\n    y: 4\n").userConf("bar", "only:\n  y: 2\n");
        ScanResult after = loader.load(layout.settings());

        assertEquals(before.jobs().subList(1, 3), after.jobs().subList(1, 3), "foo's jobs as they were");
        assertEquals(Map.of("y", 2), after.jobs().get(0).config(), "bar's edit applies");
        assertEquals(1, after.problems().size(), allProblems(after));
        String message = after.problems().get(0).message();
        assertTrue(message.startsWith("module foo: " + layout.userConf.resolve("python.d/foo.conf") + ":5:6: "
                + "mapping values are not allowed here; keeping foo's 2 running job(s) as they were"),
                message);
    }

    @Test
    void moduleConfThatParsesAgainIsReadAgain() {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("foo").userConf("foo", "one:\n  x: 1\n");
        loader.load(layout.settings());
        layout.userConf("foo", "one: [\n");
        loader.load(layout.settings());

        layout.userConf("foo", "one:\n  x: 2\n");
        ScanResult fixed = loader.load(layout.settings());

        assertEquals(Map.of("x", 2), only(fixed).config());
        assertEquals(List.of(), fixed.problems());
    }

    @Test
    void moduleConfThatIsNoLongerAMappingKeepsTheModulesJobs() {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("foo").userConf("foo", "one:\n  x: 1\n");
        ScanResult before = loader.load(layout.settings());

        layout.userConf("foo", "just text\n");
        ScanResult after = loader.load(layout.settings());

        assertEquals(before.jobs(), after.jobs());
        assertTrue(allProblems(after).contains("not a YAML mapping of jobs or keys; keeping foo's 1 running job(s)"),
                allProblems(after));
    }

    @Test
    void deletedModuleTakesItsJobsAwayEvenWhileItsConfDoesNotParse() throws Exception {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("foo").module("bar").userConf("foo", "one:\n  x: 1\n");
        loader.load(layout.settings());

        layout.userConf("foo", "one: [\n");
        java.nio.file.Files.delete(layout.stockModules.resolve("foo.chart.py"));
        ScanResult after = loader.load(layout.settings());

        assertEquals(List.of("bar/bar"), ids(after));
    }

    @Test
    void pythonDConfThatStopsParsingKeepsEveryPythonDJobAsItWas() {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("a").module("b").userPluginConf("b: no\n").userConf("a", "one:\n  x: 1\n");
        ScanResult before = loader.load(layout.settings());

        layout.userPluginConf("b: no\nenabled: [\n").userConf("a", "one:\n  x: 2\n").module("c");
        ScanResult broken = loader.load(layout.settings());

        assertEquals(before.jobs(), broken.jobs());
        assertEquals(1, broken.problems().size(), allProblems(broken));
        String message = broken.problems().get(0).message();
        assertTrue(message.startsWith("python.d.conf: " + layout.userConf.resolve("python.d.conf") + ":3:1: "),
                message);
        assertTrue(message.endsWith("; keeping every python.d job as it was (1 job(s))"), message);

        layout.userPluginConf("b: no\n");
        assertEquals(List.of("a/one", "c/c"), ids(loader.load(layout.settings())));
    }

    @Test
    void aModuleThatStopsParsingWhileItsPythonDConfDoesToo() {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("a").userConf("a", "one:\n  x: 1\n");
        ScanResult before = loader.load(layout.settings());
        layout.userPluginConf("a: [\n").userConf("a", "one: [\n");
        loader.load(layout.settings());

        layout.userPluginConf("a: yes\n");
        ScanResult after = loader.load(layout.settings());

        // python.d.conf kept everything, so a's jobs of the first scan are still the last good ones
        assertEquals(before.jobs(), after.jobs());
        assertTrue(allProblems(after).contains("keeping a's 1 running job(s) as they were"), allProblems(after));
    }

    @Test
    void deletedModuleTakesItsJobsAwayEvenWhilePythonDConfDoesNotParse() throws Exception {
        PythonDConfigLoader loader = new PythonDConfigLoader();
        layout.module("foo").module("bar");
        loader.load(layout.settings());

        layout.userPluginConf("foo: [\n");
        java.nio.file.Files.delete(layout.stockModules.resolve("foo.chart.py"));
        ScanResult after = loader.load(layout.settings());

        assertEquals(List.of("bar/bar"), ids(after));
        assertTrue(allProblems(after).contains("keeping every python.d job as it was (1 job(s))"), allProblems(after));
    }
}
