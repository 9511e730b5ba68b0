package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;

class SinksCommandTest {

    private final Shell shell = new Shell();

    @Test
    void sinksShowsTypeStateTargetAndCountersWithADashForWhatASinkDoesNotCount() throws Exception {
        shell.sink("netdata", "netdata", new SinkStatus("ok", "stdout", 1200, 1200, 0, 0, -1, -1));
        shell.sink("datakit", "datakit",
                new SinkStatus("spooling", "http://127.0.0.1:9529", 40, 12, 3, 0, 5, 23));
        shell.sink(SinkStatus.unknown(), Map.of("component.name", "io.example.CustomSink"));
        assertEquals("""
                NAME                   TYPE     STATE     TARGET                 RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG  OVERFLOW  BUSY
                datakit                datakit  spooling  http://127.0.0.1:9529  40        12    3       0        5       23       -        -         -
                io.example.CustomSink  -        ok        -                      -         -     -       -        -       -        -        -         -
                netdata                netdata  ok        stdout                 1200      1200  0       0        -       -        -        -         -""",
                shell.commands.sinks());
    }

    @Test
    void aConfigurationWhoseSinkIsNotRunningShowsAsNotActive() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.datakit", "remote", Map.of("url", "http://[bad"));
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive", Map.of("path", "/var/lib/t/archive"));
        // the file sink's component is active: its service carries the configuration's PID
        shell.sink(new SinkStatus("ok", "/var/lib/t/archive", 3, 3, 0, 0, 0, -1),
                Map.of("service.pid", "io.terrarium.sink.file~archive", Sink.TYPE, "file"));
        assertEquals("""
                NAME     TYPE     STATE       TARGET              RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG  OVERFLOW  BUSY
                archive  file     ok          /var/lib/t/archive  3         3     0       0        0       -        -        -         -
                remote   datakit  not active  -                   -         -     -       -        -       -        -        -         -""",
                shell.commands.sinks());
    }

    @Test
    void configurationsOfOtherServicesAreNotSinks() throws Exception {
        shell.configurationAdmin.put("io.terrarium.validation.datakit", "x", Map.of("strictPoints", "true"));
        shell.configurationAdmin.getConfiguration("io.terrarium.sink.netdata").update(
                new Hashtable<>(Map.of("enabled", "true")));
        assertEquals("NAME  TYPE  STATE  TARGET  RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED"
                + "  BACKLOG  OVERFLOW  BUSY", shell.commands.sinks());
    }

    @Test
    void aSinkThatWentAwayIsNoLongerListedAndAnUpdatedOneShowsItsNewName() {
        TestSink first = shell.sink("first", "file", SinkStatus.unknown());
        TestSink second = shell.sink("second", "file", SinkStatus.unknown());
        shell.commands.removeSink(first);
        shell.commands.updatedSink(second, Map.of(Sink.NAME, "renamed", Sink.TYPE, "file"));
        assertEquals("""
                NAME     TYPE  STATE  TARGET  RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG  OVERFLOW  BUSY
                renamed  file  ok     -       -         -     -       -        -       -        -        -         -""", shell.commands.sinks());
    }

    @Test
    void aSinkWhoseStatusFailsIsShownAsUnknownAndNamedUnderTheTable() {
        shell.sink("good", "file", new SinkStatus("ok", "/tmp/x", 1, 1, 0, 0, 0, 0));
        shell.sink("bad", "file", SinkStatus.unknown()).statusFailure = new IllegalStateException("closed");
        assertEquals("""
                NAME  TYPE  STATE    TARGET  RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG  OVERFLOW  BUSY
                bad   file  unknown  -       -         -     -       -        -       -        -        -         -
                good  file  ok       /tmp/x  1         1     0       0        0       0        -        -         -
                sink bad: status() failed: java.lang.IllegalStateException: closed""", shell.commands.sinks());
    }

    @Test
    void withoutConfigurationAdminTheRunningSinksShowAndALineSaysWhatIsMissing() {
        Shell noAdmin = new Shell(Clock.systemUTC(), Duration.ofMinutes(2));
        noAdmin.sink("netdata", "netdata", SinkStatus.unknown());
        assertEquals("""
                NAME     TYPE     STATE  TARGET  RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG  OVERFLOW  BUSY
                netdata  netdata  ok     -       -         -     -       -        -       -        -        -         -
                (ConfigurationAdmin is not available: sink configurations without a running sink are not shown)""",
                noAdmin.commands.sinks());
    }

    @Test
    void eachSinksDeliveryQueueShowsItsBacklogWhatItDroppedAndHowLongAStuckSinkHasBeenBusy() {
        TestSink netdata = shell.sink("netdata", "netdata", new SinkStatus("ok", "stdout", 900, 880, -1, 0, 0, 0));
        TestSink file = shell.sink("archive", "file", new SinkStatus("ok", "/tmp/a", 1000, 1000, 0, 0, 0, -1));
        shell.sink("other", "file", SinkStatus.unknown());
        shell.queue(netdata, 10000, 10000, 20450, Shell.NOW.minusSeconds(31));
        // busy for a few milliseconds: keeping up, so nothing to show
        shell.queue(file, 3, 10000, 0, Shell.NOW.minusMillis(4));
        assertEquals("""
                NAME     TYPE     STATE  TARGET  RECEIVED  SENT  FAILED  DROPPED  QUEUED  SPOOLED  BACKLOG      OVERFLOW  BUSY
                archive  file     ok     /tmp/a  1000      1000  0       0        0       -        3/10000      0         -
                netdata  netdata  ok     stdout  900       880   -       0        0       0        10000/10000  20450     31s
                other    file     ok     -       -         -     -       -        -       -        -            -         -""",
                shell.commands.sinks());
    }

    @Test
    void configurationAdminGoingAwayIsNoticed() {
        shell.commands.unsetConfigurationAdmin(shell.configurationAdmin);
        assertEquals("sink-delete: ConfigurationAdmin is not available, so sinks cannot be deleted",
                shell.commands.sinkDelete("x"));
    }
}
