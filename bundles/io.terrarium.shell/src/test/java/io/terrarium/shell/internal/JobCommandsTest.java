package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.NOW;
import static io.terrarium.shell.internal.Shell.id;
import static io.terrarium.shell.internal.Shell.running;
import static io.terrarium.shell.internal.Shell.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.LogLine;

/** enable, disable and log, and how they take a job argument. */
class JobCommandsTest {

    private final Shell shell = new Shell();

    @BeforeEach
    void twoJobs() {
        shell.jobControl.add(running("hostinfo/local"), status("nginx/local", JobStatus.State.DISABLED),
                running("nginx/remote"));
    }

    @Test
    void disableSaysWhatItDidAndTheJobShowsDisabled() {
        assertEquals("disabled hostinfo/local", shell.commands.disable("hostinfo/local"));
        assertEquals(JobStatus.State.DISABLED, shell.jobControl.status(id("hostinfo/local")).state());
    }

    @Test
    void disablingADisabledJobSaysItWasAlreadyDisabled() {
        assertEquals("nginx/local was already disabled", shell.commands.disable("nginx/local"));
    }

    @Test
    void enableStartsADisabledJob() {
        assertEquals("enabled nginx/local", shell.commands.enable("nginx/local"));
        assertEquals(JobStatus.State.CHECKING, shell.jobControl.status(id("nginx/local")).state());
    }

    @Test
    void enablingARunningJobSaysThereWasNothingToDo() {
        assertEquals("hostinfo/local was already enabled (it runs or is being checked)",
                shell.commands.enable("hostinfo/local"));
    }

    @Test
    void aBareModuleWithOneJobIsEnoughToNameIt() {
        assertEquals("disabled hostinfo/local", shell.commands.disable("hostinfo"));
    }

    @Test
    void anUnknownJobIsOneLineWithCloseMatchesAndChangesNothing() {
        assertEquals("no job ngnix/local; did you mean nginx/local?", shell.commands.enable("ngnix/local"));
        assertEquals(JobStatus.State.DISABLED, shell.jobControl.status(id("nginx/local")).state());
        assertEquals("module nginx has 2 jobs; name one: nginx/local, nginx/remote",
                shell.commands.disable("nginx"));
        assertEquals(JobStatus.State.RUNNING, shell.jobControl.status(id("nginx/remote")).state());
    }

    @Test
    void logShowsTheLastTwentyLinesWithTimeAndLevel() {
        IntStream.range(0, 25).forEach(i -> shell.jobControl.log(id("hostinfo/local"),
                new LogLine(NOW.plusMillis(i * 1001L), "INFO", "line " + i)));
        String log = shell.commands.log("hostinfo/local");
        assertEquals(20, log.lines().count());
        assertEquals("11:33:50.005 INFO  line 5", log.lines().findFirst().orElseThrow());
        assertEquals("11:34:09.024 INFO  line 24", log.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void logTakesHowManyLinesToShow() {
        shell.jobControl.log(id("nginx/remote"),
                new LogLine(Instant.parse("2024-05-01T09:00:00.120Z"), "INFO", "check passed"),
                new LogLine(Instant.parse("2024-05-01T09:00:01.002Z"), "WARN", "slow answer:\n2.5 s"),
                new LogLine(Instant.parse("2024-05-01T09:00:02.999Z"), "ERROR", "connection refused"));
        assertEquals("""
                09:00:01.002 WARN  slow answer: 2.5 s
                09:00:02.999 ERROR connection refused""", shell.commands.log("nginx/remote", 2));
    }

    @Test
    void aJobWithoutLogLinesSaysSo() {
        assertEquals("no log lines for hostinfo/local", shell.commands.log("hostinfo"));
    }

    @Test
    void aNumberOfLinesBelowOneIsRefused() {
        assertEquals("log: the number of lines must be positive: 0", shell.commands.log("hostinfo/local", 0));
    }

    @Test
    void aJobTheSchedulerForgotMeanwhileGivesOneLine() {
        TestJobControl forgetful = new TestJobControl() {
            @Override
            public boolean disable(JobId job) {
                throw new IllegalArgumentException("no such job: " + job);
            }
        };
        forgetful.add(running("hostinfo/local"));
        TerrariumCommands commands = new TerrariumCommands(forgetful, shell.workerPool);
        assertEquals("disable hostinfo/local: no such job: hostinfo/local", commands.disable("hostinfo/local"));
    }
}
