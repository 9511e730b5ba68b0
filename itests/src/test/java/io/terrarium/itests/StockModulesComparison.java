package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a group of Debian's stock modules once under the real python.d.plugin and once under terrarium.plugin,
 * side by side, each plugin against its own fakes ({@link StockPeers}); the subclass then compares module by
 * module, one test each. The python.d.plugin side must reach every update the subclass asks for (otherwise
 * the fakes are wrong and every test fails); terrarium.plugin gets the same time, and a module it cannot run
 * fails only its own test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockModulesComparison {

    /** How long either plugin may take to reach the updates asked for. */
    static final long TIMEOUT_MILLIS = 30_000;

    StockRun referenceRun;
    StockRun oursRun;
    ProtocolBlocks reference;
    ProtocolBlocks ours;

    abstract List<String> modules();

    /** Updates every job must make before the plugins are stopped. */
    abstract int updates();

    /** Called once both plugins run, before waiting for {@link #updates()}: drives the fakes (log appends). */
    void whileRunning(StockRun reference, StockRun ours) throws Exception {
    }

    @BeforeAll
    void runBothPlugins(@TempDir Path temp) throws Exception {
        referenceRun = StockRun.start(StockRun.PYTHON_D_PLUGIN, temp.resolve("reference"), modules());
        oursRun = StockRun.start(Distribution.plugin(), temp.resolve("terrarium"), modules());
        whileRunning(referenceRun, oursRun);
        boolean referenceDone = referenceRun.awaitUpdates(updates(), TIMEOUT_MILLIS);
        oursRun.awaitUpdates(updates(), TIMEOUT_MILLIS);
        reference = referenceRun.stop();
        ours = oursRun.stop();
        assertTrue(referenceDone, "python.d.plugin ran every module against its fakes (else the fakes are wrong):\n"
                + PluginProcess.tail(referenceRun.stderr()));
        assertTrue(reference.unknown.isEmpty(), "python.d.plugin wrote only protocol: " + reference.unknown);
        assertTrue(ours.unknown.isEmpty(), "terrarium.plugin wrote only protocol: " + ours.unknown);
    }

    @AfterAll
    void stopEverything() {
        if (referenceRun != null) {
            referenceRun.close();
        }
        if (oursRun != null) {
            oursRun.close();
        }
    }

    /** Same charts, definitions and blocks in the first {@link #updates()} updates; values too if asked. */
    void assertSameAsPythonD(String module, boolean sameValues) {
        StockComparison.assertSameUpdates(reference, ours, module, updates(), sameValues, oursRun.logAbout(module));
    }

    /** {@link #assertSameAsPythonD(String, boolean)} expecting python.d's definitions with a bug corrected. */
    void assertSameAsPythonDExceptItsBug(String module, UnaryOperator<String> referenceFix) {
        StockComparison.assertSameUpdates(reference, ours, module, updates(), true, oursRun.logAbout(module),
                UnaryOperator.identity(), referenceFix);
    }

    /** {@link #assertSameAsPythonD(String, boolean)} on chart ids as the daemon names the charts. */
    void assertSameAsPythonDByChartName(String module) {
        StockComparison.assertSameUpdates(reference, ours, module, updates(), true, oursRun.logAbout(module),
                StockComparison::daemonChartName);
    }

    /**
     * Waits (for terrarium.plugin only while it is collecting the module at all) until the module's job has
     * set the chart to the values, in both plugins.
     */
    void awaitValues(StockRun run, String module, String chart, java.util.Map<String, String> values)
            throws InterruptedException {
        if (run == oursRun && StockComparison.updates(run.parsed(), module).isEmpty()) {
            return;
        }
        Await.until(run.name + ": " + chart + " = " + values, TIMEOUT_MILLIS,
                () -> StockComparison.lastValues(run.parsed(), module, chart).entrySet().containsAll(values.entrySet()),
                () -> "\nlast values: " + StockComparison.lastValues(run.parsed(), module, chart) + "\n"
                        + run.logAbout(module));
    }
}
