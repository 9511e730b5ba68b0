package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobLostException;
import io.terrarium.api.data.Collected;

/** The pool against real python3 workers running the test module behave.chart.py. */
class PythonWorkerPoolTest {

    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private PythonWorkerPool pool = TestPools.pool("python3");

    @AfterEach
    void stopPool() {
        TestPools.stop(pool);
    }

    private JobDefinition job(String name, String group, Map<String, Object> config) {
        return TestPools.job(TestPools.BEHAVE, name, group, config);
    }

    private JobDefinition job(String name, String mode) {
        Map<String, Object> config = new HashMap<>();
        config.put("mode", mode);
        config.put("pidfile", temp.resolve(name + ".pids").toString());
        return job(name, "behave", config);
    }

    private void load(JobDefinition job) throws Exception {
        CheckOutcome outcome = pool.check(job, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.passed(), outcome.message());
        pool.create(job.id(), LONG).get(30, TimeUnit.SECONDS);
    }

    @Test
    void checkGivesTheFullNameAndSettings() throws Exception {
        CheckOutcome outcome = pool.check(job("ok", "ok"), LONG).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.passed());
        assertEquals("behave_ok", outcome.fullName());
        assertEquals(1, outcome.settings().updateEvery());
        assertEquals(60000, outcome.settings().priority());
    }

    @Test
    void collectReturnsDefinitionsAndValues() throws Exception {
        JobDefinition job = job("ok", "ok");
        load(job);
        Collected first = pool.collect(job.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        Collected second = pool.collect(job.id(), 1_000_000, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(first.updated());
        assertEquals("behave_ok.value", first.charts().get(0).chart().fullId());
        assertEquals(1L, first.charts().get(0).values().get(0).value());
        assertEquals(2L, second.charts().get(0).values().get(0).value());
        assertEquals(1_000_000, second.charts().get(0).sinceLastMicros());
        // the definition was sent once; the decoder keeps the same instance for the second run
        assertTrue(first.charts().get(0).chart() == second.charts().get(0).chart());
    }

    @Test
    void failingCheckIsReportedAsNotPassed() throws Exception {
        CheckOutcome outcome = pool.check(job("no", "checkfalse"), LONG).get(30, TimeUnit.SECONDS);
        assertFalse(outcome.passed());
    }

    @Test
    void exceptionInGetDataIsARunWithoutData() throws Exception {
        JobDefinition job = job("raises", "raise");
        load(job);
        Collected collected = pool.collect(job.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        assertFalse(collected.updated());
        assertTrue(collected.charts().isEmpty());
    }

    @Test
    void printingModuleDoesNotCorruptTheProtocol() throws Exception {
        JobDefinition job = job("printer", "print");
        load(job);
        for (int i = 1; i <= 3; i++) {
            Collected collected = pool.collect(job.id(), 0, LONG).get(30, TimeUnit.SECONDS);
            assertEquals((long) i, collected.charts().get(0).values().get(0).value());
        }
    }

    @Test
    void hungCollectKillsTheWorkerWithItsChildrenAndReloadsItsJobs() throws Exception {
        JobDefinition healthy = job("healthy", "ok");
        JobDefinition stuck = job("stuck", "hang");
        load(healthy);
        load(stuck);
        assertEquals(1L, pool.collect(healthy.id(), 0, LONG).get(30, TimeUnit.SECONDS).charts().get(0).values()
                .get(0).value());

        ExecutionException timeout = assertThrows(ExecutionException.class,
                () -> pool.collect(stuck.id(), 0, SHORT).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, timeout.getCause());

        String[] pids = Files.readString(temp.resolve("stuck.pids")).trim().split(" ");
        long workerPid = Long.parseLong(pids[0]);
        long childPid = Long.parseLong(pids[1]);
        awaitGone(workerPid);
        awaitGone(childPid);

        // the worker comes back with the healthy job loaded again (a new instance: its count restarts)
        Collected after = pool.collect(healthy.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(after.updated());
        assertEquals(1L, after.charts().get(0).values().get(0).value());
        assertNotEquals(workerPid, pool.workers().get(0).pid());
        assertEquals(1, pool.workers().get(0).restarts());
    }

    @Test
    void collectsOfOneTickTimeOutEachAtItsOwnDeadline() throws Exception {
        JobDefinition quick = job("quick", "ok");
        JobDefinition patient = job("patient", "hang");
        JobDefinition stuck = job("stuck", "hang");
        load(quick);
        load(patient);
        load(stuck);
        long start = System.nanoTime();
        // one tick: the three travel in one request; the hung job with the short timeout fires at its own
        // deadline, not at the batch's latest, and the others of the batch are answered or failed with the worker
        CompletableFuture<Collected> answered = pool.collect(quick.id(), 0, LONG);
        CompletableFuture<Collected> waiting = pool.collect(patient.id(), 0, Duration.ofSeconds(60));
        CompletableFuture<Collected> timedOut = pool.collect(stuck.id(), 0, SHORT);
        assertTrue(answered.get(30, TimeUnit.SECONDS).updated());
        ExecutionException timeout = assertThrows(ExecutionException.class, () -> timedOut.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, timeout.getCause());
        ExecutionException lost = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertInstanceOf(WorkerLostException.class, lost.getCause());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "timed out at the batch's latest deadline");
    }

    @Test
    void hungCheckTimesOutAndKillsTheWorker() throws Exception {
        JobDefinition job = job("slowcheck", "checkhang");
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> pool.check(job, SHORT).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        // nothing is loaded, so the worker is not restarted
        awaitNoWorkerProcess();
    }

    @Test
    void groupsRunInSeparateProcessesSoAHangCostsOnlyItsOwnGroup() throws Exception {
        Map<String, Object> hang = new HashMap<>(Map.of("mode", "hang", "pidfile", temp.resolve("h.pids").toString()));
        JobDefinition stuck = job("stuck", "group-a", hang);
        JobDefinition healthy = job("healthy", "group-b", Map.of("mode", "ok"));
        load(stuck);
        load(healthy);
        var hung = pool.collect(stuck.id(), 0, Duration.ofSeconds(5));
        for (int i = 1; i <= 3; i++) {
            long started = System.nanoTime();
            Collected collected = pool.collect(healthy.id(), 0, LONG).get(30, TimeUnit.SECONDS);
            assertEquals((long) i, collected.charts().get(0).values().get(0).value());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "healthy group answers at once");
        }
        assertThrows(ExecutionException.class, () -> hung.get(30, TimeUnit.SECONDS));
    }

    @Test
    void releasedJobIsNotLoadedAndItsWorkerStops() throws Exception {
        JobDefinition job = job("ok", "ok");
        load(job);
        long pid = pool.workers().get(0).pid();
        pool.release(job.id());
        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> pool.collect(job.id(), 0, LONG).get(30, TimeUnit.SECONDS));
        assertInstanceOf(JobLostException.class, lost.getCause());
        awaitGone(pid);
    }

    @Test
    void processesModulesStartedDoNotOutliveThePool() throws Exception {
        Path pidfile = temp.resolve("child.pid");
        load(job("parent", "behave", Map.of("mode", "child", "pidfile", pidfile.toString())));
        long child = Long.parseLong(Files.readString(pidfile).trim());
        assertTrue(ProcessHandle.of(child).isPresent());

        pool.deactivate();

        awaitGone(child);
    }

    @Test
    void missingInterpreterFailsTheCheckAtOnce() throws Exception {
        pool.deactivate();
        pool = TestPools.pool("/nonexistent/python3");
        long started = System.nanoTime();
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> pool.check(job("ok", "ok"), LONG).get(30, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("/nonexistent/python3"), failure.getCause().getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
    }

    private void awaitGone(long pid) throws InterruptedException {
        TestPools.awaitGone(pid);
    }

    private void awaitNoWorkerProcess() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (pool.workers().stream().anyMatch(w -> w.pid() > 0)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("a worker is still running: " + pool.workers());
            }
            Thread.sleep(20);
        }
    }
}
