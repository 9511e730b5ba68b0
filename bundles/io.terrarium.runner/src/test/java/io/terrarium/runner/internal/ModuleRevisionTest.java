package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.CheckOutcome;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.WorkerStatus;

/**
 * {@code JobDefinition.revision}: a job checked with a new revision runs the module file as it is now, in the same
 * worker process, while the module's other jobs keep the code they were built from.
 */
class ModuleRevisionTest {

    private static final Duration LONG = Duration.ofSeconds(20);
    private static final String MODULE = """
            from bases.FrameworkServices.SimpleService import SimpleService

            VERSION = %d


            class Service(SimpleService):
                def __init__(self, configuration=None, name=None):
                    SimpleService.__init__(self, configuration=configuration, name=name)
                    self.order = ['version']
                    self.definitions = {'version': {'options': [None, 'Version', 'n', 'v', 'v.version', 'line'],
                                                    'lines': [['version']]}}

                def check(self):
                    return True

                def get_data(self):
                    return {'version': VERSION}
            """;

    @TempDir
    Path temp;

    private Path module;
    private final PythonWorkerPool pool = TestPools.pool("python3");

    @BeforeEach
    void writeModule() throws IOException {
        module = temp.resolve("versioned.chart.py");
        writeVersion(1);
    }

    @AfterEach
    void stopPool() {
        TestPools.stop(pool);
    }

    private void writeVersion(int version) throws IOException {
        Files.writeString(module, MODULE.formatted(version));
    }

    private JobDefinition job(String name, String revision) {
        return TestPools.job(module, name, "versioned", Map.of()).withRevision(revision);
    }

    private void load(JobDefinition job) throws Exception {
        CheckOutcome outcome = pool.check(job, LONG).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.passed(), outcome.message());
        pool.create(job.id(), LONG).get(30, TimeUnit.SECONDS);
    }

    private long version(JobId job) throws Exception {
        return pool.collect(job, 0, LONG).get(30, TimeUnit.SECONDS).charts().get(0).values().get(0).value().longValue();
    }

    private WorkerStatus worker() {
        return pool.workers().get(0);
    }

    @Test
    void aJobRestartedWithANewRevisionRunsTheEditedModuleInTheSameWorker() throws Exception {
        JobDefinition edited = job("edited", "r1");
        JobDefinition other = job("other", "r1");
        load(edited);
        load(other);
        long pid = worker().pid();
        assertEquals(1, version(edited.id()));

        writeVersion(2);
        pool.release(edited.id());  // as the scheduler restarts a job whose revision changed
        load(edited.withRevision("r2"));

        assertEquals(2, version(edited.id()));
        assertEquals(1, version(other.id()), "the module's other job still runs on the old module object");
        assertEquals(pid, worker().pid());
        assertEquals(0, worker().restarts());
    }

    @Test
    void aJobCheckedWithTheSameRevisionDoesNotImportTheModuleAgain() throws Exception {
        JobDefinition first = job("first", "r1");
        load(first);
        writeVersion(2);

        JobDefinition second = job("second", "r1");
        load(second);

        assertEquals(1, version(second.id()));
    }

    @Test
    void withoutARevisionTheModuleIsImportedOncePerWorker() throws Exception {
        load(job("first", ""));
        writeVersion(2);

        JobDefinition second = job("second", "");
        load(second);

        assertEquals(1, version(second.id()));
    }
}
