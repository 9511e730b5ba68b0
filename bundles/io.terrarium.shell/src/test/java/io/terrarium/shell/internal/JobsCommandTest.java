package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.NOW;
import static io.terrarium.shell.internal.Shell.id;
import static io.terrarium.shell.internal.Shell.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobKind;
import io.terrarium.api.JobStatus;

class JobsCommandTest {

    private final Shell shell = new Shell();

    private void givenTwoModules() {
        shell.jobControl.add(running("hostinfo/local"), running("hostinfo/remote"),
                new JobStatus(id("uptime/Uptime"), JobKind.DATAKIT, "Uptime", "conf.d", JobStatus.State.RETRYING, 10,
                        null, null, 0, 3, 2, 30, "check failed:\n  connection refused", List.of("datakit", "file1")));
    }

    @Test
    void jobsShowsEveryColumnAlignedWithADashForWhatIsUnknown() {
        givenTwoModules();
        assertEquals("""
                MODULE    JOB     KIND      STATE     EVERY  LAST-RUN  DURATION  RUNS  FAILURES  REJECTED  PENALTY  SINKS          SOURCE  MESSAGE
                hostinfo  local   python.d  running   1s     11:33:44  2ms       12    0         0         0s       all            conf.d  -
                hostinfo  remote  python.d  running   1s     11:33:44  2ms       12    0         0         0s       all            conf.d  -
                uptime    Uptime  pythond   retrying  10s    -         -         0     3         2         30s      datakit,file1  conf.d  check failed: connection refused""",
                shell.commands.jobs());
    }

    @Test
    void longDurationsShowInSecondsAndMinutes() {
        shell.jobControl.add(new JobStatus(id("slow/one"), JobKind.PYTHON_D, "one", "conf.d",
                JobStatus.State.RUNNING, 60, NOW, Duration.ofMillis(1_540), 1, 0, 0, 0, "", List.of()),
                new JobStatus(id("slow/two"), JobKind.PYTHON_D, "two", "conf.d", JobStatus.State.FAILED, 0, NOW,
                        Duration.ofSeconds(125), 1, 1, 0, 0, "", List.of()));
        assertEquals("""
                MODULE  JOB  KIND      STATE    EVERY  LAST-RUN  DURATION  RUNS  FAILURES  REJECTED  PENALTY  SINKS  SOURCE  MESSAGE
                slow    one  python.d  running  60s    11:33:45  1.5s      1     0         0         0s       all    conf.d  -
                slow    two  python.d  failed   -      11:33:45  2m05s     1     1         0         0s       all    conf.d  -""",
                shell.commands.jobs());
    }

    @Test
    void aModuleNameShowsOnlyThatModulesJobs() {
        givenTwoModules();
        assertEquals(List.of("MODULE", "hostinfo", "hostinfo"), firstColumn(shell.commands.jobs("hostinfo")));
    }

    @Test
    void aGlobMatchesModuleSlashJob() {
        givenTwoModules();
        assertEquals(List.of("MODULE", "hostinfo"), firstColumn(shell.commands.jobs("*/loc*")));
        assertEquals(List.of("MODULE", "uptime"), firstColumn(shell.commands.jobs("up?ime")));
        assertEquals(List.of("MODULE", "hostinfo"), firstColumn(shell.commands.jobs("hostinfo/remote")));
    }

    @Test
    void aFilterMatchingNothingSaysSo() {
        givenTwoModules();
        assertEquals("no job matches nginx*", shell.commands.jobs("nginx*"));
    }

    @Test
    void withoutJobsOnlyTheHeaderShows() {
        assertEquals("MODULE  JOB  KIND  STATE  EVERY  LAST-RUN  DURATION  RUNS  FAILURES  REJECTED  PENALTY  SINKS"
                + "  SOURCE  MESSAGE", shell.commands.jobs());
    }

    private static List<String> firstColumn(String table) {
        return table.lines().map(line -> line.split(" ")[0]).toList();
    }
}
