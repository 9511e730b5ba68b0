package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.WorkerStatus;

/** {@code WorkerStatus.rssBytes}: the resident memory of a worker and the processes its modules start. */
class WorkerMemoryTest {

    private static final Duration LONG = Duration.ofSeconds(20);
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private PythonWorkerPool pool = TestPools.pool("python3");
    private long childPid = -1;

    @AfterEach
    void stopPool() throws InterruptedException {
        try {
            TestPools.stop(pool);
        } finally {
            if (childPid > 0) {
                ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
                TestPools.awaitGone(childPid);
            }
        }
    }

    private void load(JobDefinition job) throws Exception {
        CheckOutcome outcome = pool.check(job, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.passed(), outcome.message());
        pool.create(job.id(), LONG).get(30, TimeUnit.SECONDS);
    }

    private WorkerStatus onlyWorker() {
        assertEquals(1, pool.workers().size(), pool.workers().toString());
        return pool.workers().get(0);
    }

    @Test
    void aRunningWorkerReportsItsResidentMemory() throws Exception {
        load(TestPools.job(TestPools.BEHAVE, "ok", "behave", Map.of("mode", "ok")));
        WorkerStatus worker = onlyWorker();
        assertTrue(worker.pid() > 0);
        // a python3 interpreter with the worker loaded is several MiB; far less than a GiB
        assertTrue(worker.rssBytes() > 2 * MIB && worker.rssBytes() < 1024 * MIB, worker.toString());
    }

    @Test
    void theMemoryOfTheProcessesAModuleStartedCountsToo() throws Exception {
        Path pidfile = temp.resolve("child.pid");
        load(TestPools.job(TestPools.BEHAVE, "parent", "behave", Map.of("mode", "child", "pidfile", pidfile.toString())));
        childPid = Long.parseLong(Files.readString(pidfile).trim());
        long workerPid = onlyWorker().pid();
        // the child holds 48 MiB once it has filled them; the tree's figure must include them
        TestPools.await("the child's 48 MiB in the worker's figure", () -> {
            long tree = onlyWorker().rssBytes();
            long workerAlone = ProcessTreeMemory.residentBytesOf(workerPid);
            return workerAlone > 0 && tree - workerAlone >= 40 * MIB;
        });
    }

    @Test
    void aWorkerThatIsNotRunningReportsNoMemory() {
        pool.deactivate();
        pool = TestPools.pool("/nonexistent/python3");
        assertThrows(ExecutionException.class, () -> pool.check(
                TestPools.job(TestPools.BEHAVE, "ok", "behave", Map.of("mode", "ok")), LONG).get(30, TimeUnit.SECONDS));
        WorkerStatus worker = onlyWorker();
        assertEquals("stopped", worker.state());
        assertEquals(-1, worker.pid());
        assertEquals(-1, worker.rssBytes());
    }

    @Test
    void theMemoryOfAStoppedWorkerCannotBeRead() throws Exception {
        JobDefinition job = TestPools.job(TestPools.BEHAVE, "ok", "behave", Map.of("mode", "ok"));
        load(job);
        long pid = onlyWorker().pid();
        assertTrue(ProcessTreeMemory.residentBytes(pid) > 0);

        pool.release(job.id());
        TestPools.awaitGone(pid);

        assertEquals(-1, ProcessTreeMemory.residentBytes(pid));
        assertEquals(0, pool.workers().size());
    }
}
