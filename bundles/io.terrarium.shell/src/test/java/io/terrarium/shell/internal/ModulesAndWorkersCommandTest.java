package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.NOW;
import static io.terrarium.shell.internal.Shell.definition;
import static io.terrarium.shell.internal.Shell.running;
import static io.terrarium.shell.internal.Shell.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobKind;
import io.terrarium.api.JobSource;
import io.terrarium.api.JobStatus;
import io.terrarium.api.WorkerStatus;

class ModulesAndWorkersCommandTest {

    private final Shell shell = new Shell();

    @Test
    void modulesShowsOneRowPerModuleOfEverySourceWithItsRunningJobs() {
        shell.source("conf.d",
                definition("hostinfo/local", JobKind.PYTHON_D, "hostinfo", "python.d/hostinfo.chart.py"),
                definition("hostinfo/remote", JobKind.PYTHON_D, "hostinfo", "python.d/hostinfo.chart.py"),
                definition("uptime/Uptime", JobKind.DATAKIT, "pythond:samples", "python.d/Sample/uptime.py"));
        shell.source("io.terrarium.collector.sample",
                definition("sample/sample", JobKind.PYTHON_D, "sample", "/bundle/7/sample.chart.py"));
        shell.jobControl.add(running("hostinfo/local"), status("hostinfo/remote", JobStatus.State.RETRYING),
                running("uptime/Uptime"), status("sample/sample", JobStatus.State.CHECKING));
        assertEquals("""
                MODULE    KIND      SOURCE                         JOBS  RUNNING  WORKER           FILE
                hostinfo  python.d  conf.d                         2     1        hostinfo         python.d/hostinfo.chart.py
                sample    python.d  io.terrarium.collector.sample  1     0        sample           /bundle/7/sample.chart.py
                uptime    pythond   conf.d                         1     1        pythond:samples  python.d/Sample/uptime.py""",
                shell.commands.modules());
    }

    @Test
    void aSourceThatGoesAwayTakesItsModulesOffTheList() {
        TestJobSource bundle = shell.source("io.terrarium.collector.sample",
                definition("sample/sample", JobKind.PYTHON_D, "sample", "/bundle/7/sample.chart.py"));
        shell.commands.removeSource(bundle);
        assertEquals("MODULE  KIND  SOURCE  JOBS  RUNNING  WORKER  FILE", shell.commands.modules());
    }

    @Test
    void aSourceThatFailsIsNamedUnderTheTableAndTheOthersShow() {
        shell.source("conf.d", definition("hostinfo/local", JobKind.PYTHON_D, "hostinfo", "hostinfo.chart.py"));
        shell.commands.addSource(new BrokenSource(), Map.of("service.id", 1L));
        assertEquals("""
                MODULE    KIND      SOURCE  JOBS  RUNNING  WORKER    FILE
                hostinfo  python.d  conf.d  1     0        hostinfo  hostinfo.chart.py
                source broken: jobs() failed: the folder is gone""", shell.commands.modules());
    }

    @Test
    void workersShowsMemoryInBinaryUnitsAndUptimeWithADashWhenUnknown() {
        shell.workerPool.workers.addAll(List.of(
                new WorkerStatus("hostinfo", 27609, List.of("hostinfo"), 2, NOW.minusSeconds(11), 0, "running",
                        78_643_200),
                new WorkerStatus("pythond:samples", 27620, List.of("uptime", "load"), 3, NOW.minusSeconds(245), 2,
                        "running", 831_488),
                new WorkerStatus("nginx", -1, List.of("nginx"), 1, null, 5, "restarting")));
        assertEquals("""
                GROUP            PID    STATE       JOBS  MODULES      RSS      UPTIME  RESTARTS
                hostinfo         27609  running     2     hostinfo     75.0MiB  11s     0
                pythond:samples  27620  running     3     uptime,load  812KiB   4m05s   2
                nginx            -      restarting  1     nginx        -        -       5""",
                shell.commands.workers());
    }

    /** A source whose configuration cannot be read. */
    private static final class BrokenSource implements JobSource {

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<JobDefinition> jobs() {
            throw new IllegalStateException("the folder is gone");
        }

        @Override
        public void addListener(Listener listener) {
        }

        @Override
        public void removeListener(Listener listener) {
        }
    }
}
