package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.LogLine;

/** {@code WorkerPool.recentLog}: what a job's module logs, and what the pool says about the job, against real workers. */
class JobRecentLogTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private PythonWorkerPool pool = TestPools.pool("python3", 10);

    @AfterEach
    void stopPool() {
        TestPools.stop(pool);
    }

    private static JobDefinition job(String name, String mode) {
        return TestPools.job(TestPools.BEHAVE, name, "behave", Map.of("mode", mode));
    }

    private void load(JobDefinition job) throws Exception {
        CheckOutcome outcome = pool.check(job, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.passed(), outcome.message());
        pool.create(job.id(), LONG).get(30, TimeUnit.SECONDS);
    }

    private static List<String> lines(List<LogLine> log) {
        return log.stream().map(line -> line.level() + " " + line.message()).toList();
    }

    @Test
    void linesTheModuleLogsShowUpUnderTheirJobOnly() throws Exception {
        JobDefinition talker = job("talker", "log");
        JobDefinition quiet = job("quiet", "ok");
        load(talker);
        load(quiet);
        pool.collect(talker.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        pool.collect(quiet.id(), 0, LONG).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("INFO checking the behave job", "INFO collecting run 1",
                "ERROR something went wrong in run 1"), lines(pool.recentLog(talker.id())));
        assertEquals(List.of(), pool.recentLog(quiet.id()));
    }

    @Test
    void anExceptionInGetDataIsInTheJobsLog() throws Exception {
        JobDefinition raising = job("raising", "raise");
        load(raising);
        pool.collect(raising.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        List<String> log = lines(pool.recentLog(raising.id()));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("boom from get_data")), log.toString());
    }

    @Test
    void onlyTheNewestLinesAreKeptOldestFirst() throws Exception {
        JobDefinition chatty = job("chatty", "chatty");
        load(chatty);
        pool.collect(chatty.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        List<String> expected = IntStream.rangeClosed(16, 25).mapToObj(i -> "INFO chatty line " + i).toList();
        assertEquals(expected, lines(pool.recentLog(chatty.id())));
    }

    @Test
    void aReleasedJobHasNoRecentLog() throws Exception {
        JobDefinition talker = job("talker", "log");
        load(talker);
        pool.collect(talker.id(), 0, LONG).get(30, TimeUnit.SECONDS);
        assertFalse(pool.recentLog(talker.id()).isEmpty());

        pool.release(talker.id());

        assertEquals(List.of(), pool.recentLog(talker.id()));
        assertEquals(0, pool.jobsWithRecentLog());
    }

    @Test
    void jobChurnLeavesNoLogsBehind() throws Exception {
        JobDefinition resident = job("resident", "ok");
        load(resident);  // keeps the worker up, so each cycle is a check and a release in the same process
        for (int i = 0; i < 100; i++) {
            JobDefinition passing = job("passing" + i, "log");
            load(passing);
            pool.release(passing.id());
        }
        assertEquals(1, pool.jobsWithRecentLog());
        assertEquals(1, pool.workers().size());
    }

    @Test
    void aHungCollectIsInItsJobsLogAndTheRestartInEveryJobsLog() throws Exception {
        Map<String, Object> hang = new HashMap<>(Map.of("mode", "hang", "pidfile", temp.resolve("h.pids").toString()));
        JobDefinition stuck = TestPools.job(TestPools.BEHAVE, "stuck", "behave", hang);
        JobDefinition healthy = job("healthy", "ok");
        load(stuck);
        load(healthy);

        assertThrows(ExecutionException.class,
                () -> pool.collect(stuck.id(), 0, Duration.ofSeconds(2)).get(30, TimeUnit.SECONDS));
        // the next collect waits for the worker to come back with its jobs loaded again
        pool.collect(healthy.id(), 0, LONG).get(30, TimeUnit.SECONDS);

        List<String> stuckLog = lines(pool.recentLog(stuck.id()));
        assertTrue(stuckLog.stream().anyMatch(l -> l.startsWith("ERROR collect did not answer within 2000 ms")
                && l.contains("killed")), stuckLog.toString());
        List<String> healthyLog = lines(pool.recentLog(healthy.id()));
        assertTrue(healthyLog.stream().anyMatch(l -> l.startsWith("WARN worker behave") && l.contains("was lost")),
                healthyLog.toString());
        assertTrue(healthyLog.stream().anyMatch(l -> l.startsWith("INFO worker behave restarted")),
                healthyLog.toString());
        assertFalse(healthyLog.stream().anyMatch(l -> l.contains("did not answer")), healthyLog.toString());
    }
}
