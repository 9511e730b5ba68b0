package io.terrarium.runner.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;

/** Pools of real python3 workers for the tests, and the waits they need (on conditions, never fixed sleeps). */
final class TestPools {

    static final Path CORE = Path.of("../../python.d/core").toAbsolutePath().normalize();
    /** The test module: each job does what its {@code mode} key says. */
    static final Path BEHAVE = Path.of("src/test/resources/modules/behave.chart.py").toAbsolutePath();
    static final Map<String, Object> DEFAULTS = Map.of("update_every", 1, "priority", 60000,
            "autodetection_retry", 0, "chart_cleanup", 10, "penalty", true);

    private TestPools() {
    }

    static PythonWorkerPool pool(String interpreter) {
        return pool(interpreter, 100);
    }

    static PythonWorkerPool pool(String interpreter, int recentLogLines) {
        return new PythonWorkerPool(new WorkerSettings(interpreter, CORE, false, false, Duration.ofSeconds(15),
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60), null), 300, recentLogLines);
    }

    /** Deactivates the pool and fails when one of its workers outlived it (killing it first). */
    static void stop(PythonWorkerPool pool) {
        List<Long> pids = pool.workers().stream().map(w -> w.pid()).filter(p -> p > 0).toList();
        pool.deactivate();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                throw new AssertionError("worker " + pid + " outlived the pool");
            });
        }
    }

    static JobDefinition job(Path module, String name, String group, Map<String, Object> config) {
        String moduleName = module.getFileName().toString().replace(".chart.py", "");
        return new JobDefinition(new JobId(moduleName, name), JobKind.PYTHON_D, name, module, null, group, config,
                DEFAULTS, "test", List.of(), 1, Map.of());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.currentTimeMillis() > deadline) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                throw new AssertionError("process " + pid + " still alive");
            }
            Thread.sleep(20);
        }
    }
}
