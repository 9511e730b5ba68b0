package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.NOW;
import static io.terrarium.shell.internal.Shell.id;
import static io.terrarium.shell.internal.Shell.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.Rejection;
import io.terrarium.api.RunOnce;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.DimensionValue;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

class RunCommandTest {

    private static final JobId JOB = id("hostinfo/local");

    /** A clock that moves 15 ms each time it is read: the run takes 15 ms. */
    private static final class SteppingClock extends Clock {
        private Instant now = NOW;

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plusMillis(15);
            return current;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static CollectionResult result() {
        Chart load = new Chart("hostinfo_local", "load", "", "Load", "load", "load", "hostinfo.load", "line", 1000, 1,
                "", "hostinfo", List.of(), List.of());
        Chart memory = new Chart("hostinfo_local", "mem", "", "Memory", "KiB", "mem", "hostinfo.mem", "stacked", 1001,
                1, "", "hostinfo", List.of(), List.of());
        return new CollectionResult(JOB, "hostinfo_local", NOW, List.of(
                new ChartUpdate(load, 0, List.of(new DimensionValue("load1", 12L), new DimensionValue("load5", 9L),
                        new DimensionValue("load15", 7L)), List.of()),
                new ChartUpdate(memory, 0, List.of(new DimensionValue("used", 1L), new DimensionValue("free", 2L)),
                        List.of())),
                List.of(), List.of(new PointBatch(PointCategory.METRIC, "hostinfo", false, null,
                        List.of(new Point("load", Map.of(), Map.of("load1", 12L), 1L)))),
                new CollectionResult.RunTiming(0, 4, 1));
    }

    @Test
    void runPrintsASummaryThenEachSinksPreviewByNameThenTheRejections() {
        Shell shell = new Shell(new SteppingClock(), Duration.ofMinutes(2));
        shell.jobControl.add(running("hostinfo/local"));
        shell.sink("netdata", "netdata", SinkStatus.unknown());
        shell.sink("datakit", "datakit", SinkStatus.unknown());
        shell.jobControl.runOnce = id -> CompletableFuture.completedFuture(new RunOnce(result(),
                List.of(new Rejection(JOB, "value", "hostinfo_local.load load1=1e30", "does not fit in 64 bits")),
                Map.of("netdata", "BEGIN hostinfo_local.load\nSET load1 = 12\nEND\n",
                        "datakit", "load load1=12i 1\n",
                        "legacy", "")));
        assertEquals("""
                hostinfo/local: 2 charts, 5 dimensions, 1 point, 1 rejected, 15ms
                --- sink datakit (datakit)
                load load1=12i 1
                --- sink legacy (-)
                (this sink shows no preview)
                --- sink netdata (netdata)
                BEGIN hostinfo_local.load
                SET load1 = 12
                END
                --- rejected by validation
                hostinfo/local: rejected value hostinfo_local.load load1=1e30: does not fit in 64 bits""",
                shell.commands.run("hostinfo/local"));
    }

    @Test
    void aJobNoSinkReceivesSaysSo() {
        Shell shell = new Shell(new SteppingClock(), Duration.ofMinutes(2));
        shell.jobControl.add(running("hostinfo/local"));
        shell.jobControl.runOnce = id -> CompletableFuture.completedFuture(new RunOnce(
                new CollectionResult(JOB, "hostinfo_local", NOW, List.of(), List.of(), List.of(), null), List.of(),
                Map.of()));
        assertEquals("""
                hostinfo/local: 0 charts, 0 dimensions, 0 points, 0 rejected, 15ms
                (no sink receives this job)""", shell.commands.run("hostinfo"));
    }

    @Test
    void aFailedRunIsOneLineWithTheReason() {
        Shell shell = new Shell();
        shell.jobControl.add(running("hostinfo/local"));
        shell.jobControl.runOnce = id -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("check failed:\nconnection refused");
        });
        assertEquals("run hostinfo/local: check failed: connection refused", shell.commands.run("hostinfo/local"));
    }

    @Test
    void aRunWithoutAnswerWithinTheBoundSaysItTimedOut() {
        Shell shell = new Shell(Clock.systemUTC(), Duration.ofMillis(50));
        shell.jobControl.add(running("hostinfo/local"));
        CompletableFuture<RunOnce> never = new CompletableFuture<>();
        shell.jobControl.runOnce = id -> never;
        assertEquals("run hostinfo/local: no result after 50ms (the run goes on in the background; it is delivered"
                + " to no sink)", shell.commands.run("hostinfo/local"));
        assertFalse(never.isDone(), "the run is left alone, not cancelled");
    }

    @Test
    void anUnknownJobIsNotRun() {
        Shell shell = new Shell();
        shell.jobControl.add(running("hostinfo/local"));
        shell.jobControl.runOnce = id -> {
            throw new AssertionError("must not run " + id);
        };
        assertEquals("no job hostinfo/remote; did you mean hostinfo/local?", shell.commands.run("hostinfo/remote"));
    }
}
