package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;

/** sink-create, sink-change and sink-delete, through the hyphenated commands as an operator types them. */
class SinkConfigurationCommandsTest {

    private final Shell shell = new Shell();
    private final SinkCreateCommand create = new SinkCreateCommand(shell.commands);
    private final SinkChangeCommand change = new SinkChangeCommand(shell.commands);
    private final SinkDeleteCommand delete = new SinkDeleteCommand(shell.commands);

    private static String run(HyphenatedCommand command, String... arguments) {
        return (String) command.execute(null, List.of((Object[]) arguments));
    }

    @Test
    void sinkCreateStoresANamedFactoryConfigurationWithStringValuesAndTheName() {
        assertEquals("created sink archive (file) as configuration io.terrarium.sink.file~archive:"
                + " path=/var/lib/t/archive.txt, maxBytes=1048576",
                run(create, "file", "archive", "path=/var/lib/t/archive.txt", "maxBytes=1048576"));
        assertEquals(Map.of("path", "/var/lib/t/archive.txt", "maxBytes", "1048576", Sink.NAME, "archive",
                "service.pid", "io.terrarium.sink.file~archive", "service.factoryPid", "io.terrarium.sink.file"),
                shell.configurationAdmin.properties("io.terrarium.sink.file~archive"));
    }

    @Test
    void sinkCreateWithoutSettingsUsesTheTypesDefaults() {
        assertEquals("created sink metrics (prometheus) as configuration io.terrarium.sink.prometheus~metrics",
                run(create, "prometheus", "metrics"));
        assertEquals(Map.of(Sink.NAME, "metrics", "service.pid", "io.terrarium.sink.prometheus~metrics",
                "service.factoryPid", "io.terrarium.sink.prometheus"),
                shell.configurationAdmin.properties("io.terrarium.sink.prometheus~metrics"));
    }

    @Test
    void aValueMayHoldEqualsSignsAndCommas() {
        run(create, "datakit", "dk", "url=http://h:9529/?a=b", "tags=a,b");
        assertEquals("http://h:9529/?a=b",
                shell.configurationAdmin.properties("io.terrarium.sink.datakit~dk").get("url"));
        assertEquals("a,b", shell.configurationAdmin.properties("io.terrarium.sink.datakit~dk").get("tags"));
    }

    @Test
    void sinkCreateRefusesTheNameOfARunningSink() {
        shell.sink("netdata", "netdata", SinkStatus.unknown());
        assertEquals("sink-create: there is already a sink named netdata", run(create, "file", "netdata"));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void sinkCreateRefusesTheNameOfAConfigurationWhoseSinkIsNotRunning() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.datakit", "remote", Map.of("url", "http://[bad"));
        assertEquals("sink-create: there is already a sink named remote (a configuration, not active)",
                run(create, "file", "remote", "path=/tmp/x"));
        assertEquals(Set.of("io.terrarium.sink.datakit~remote"), shell.configurationAdmin.pids());
    }

    @Test
    void sinkCreateRefusesWhatIsNotKeyEqualsValueAndKeysTheSinkDoesNotOwn() {
        assertEquals("sink-create: not key=value: path", run(create, "file", "a", "path"));
        assertEquals("sink-create: not key=value: =x", run(create, "file", "a", "=x"));
        String reserved = "cannot be set: a sink's name and type are fixed when it is created (delete it and create"
                + " it again), and service.* and component.* belong to the framework";
        assertEquals("sink-create: name " + reserved, run(create, "file", "a", "name=b"));
        assertEquals("sink-create: service.pid " + reserved, run(create, "file", "a", "service.pid=x"));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void sinkCreateRefusesANameOrTypeThatCannotBeAPid() {
        assertEquals("sink-create: a sink's name must be one word without '~': a~b", run(create, "file", "a~b"));
        assertEquals("sink-create: a sink's name must be one word without '~': a b", run(create, "file", "a b"));
        assertEquals("sink-create: the type must be a word of letters, digits, '.', '_' or '-', such as file: f(x)",
                run(create, "f(x)", "a"));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void sinkChangeMergesAndAnEmptyValueRemovesTheKey() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive",
                Map.of("path", "/a", "format", "json", "maxBytes", "10", Sink.NAME, "archive"));
        assertEquals("changed sink archive: path=/b, removed format, flush=5",
                run(change, "archive", "path=/b", "format=", "flush=5"));
        assertEquals(Map.of("path", "/b", "maxBytes", "10", "flush", "5", Sink.NAME, "archive",
                "service.pid", "io.terrarium.sink.file~archive", "service.factoryPid", "io.terrarium.sink.file"),
                shell.configurationAdmin.properties("io.terrarium.sink.file~archive"));
    }

    @Test
    void sinkChangeFindsAConfigurationByThePartAfterTheTilde() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "plain", Map.of("path", "/a"));
        assertEquals("changed sink plain: path=/c", run(change, "plain", "path=/c"));
        assertEquals("/c", shell.configurationAdmin.properties("io.terrarium.sink.file~plain").get("path"));
    }

    @Test
    void sinkChangeFindsAConfigurationByItsNamePropertyOrPidWhenItsSinkNameDiffers() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "byPid",
                Map.of("path", "/a", Sink.NAME, "shown", "name", "byName"));
        assertEquals("changed sink byPid: path=/b", run(change, "byPid", "path=/b"));
        assertEquals("changed sink byName: path=/c", run(change, "byName", "path=/c"));
        assertEquals("changed sink shown: path=/d", run(change, "shown", "path=/d"));
        assertEquals("/d", shell.configurationAdmin.properties("io.terrarium.sink.file~byPid").get("path"));
    }

    @Test
    void sinkChangeThatChangesNothingSaysSoAndLeavesTheConfigurationAlone() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive", Map.of("path", "/a"));
        assertEquals("sink archive: nothing to change", run(change, "archive", "path=/a", "absent="));
    }

    @Test
    void aSinkWithoutAFactoryConfigurationCannotBeChangedOrDeleted() {
        shell.sink("netdata", "netdata", SinkStatus.unknown());
        String why = "sink netdata is not made from a sink factory configuration (io.terrarium.sink.<type>~<name>),"
                + " so it cannot be changed or deleted here";
        assertEquals("sink-change: " + why, run(change, "netdata", "x=1"));
        assertEquals("sink-delete: " + why, run(delete, "netdata"));
    }

    @Test
    void anUnknownSinkSuggestsTheCloseNames() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive", Map.of("path", "/a"));
        shell.sink("netdata", "netdata", SinkStatus.unknown());
        assertEquals("no sink archiv; did you mean archive?", run(change, "archiv", "path=/b"));
        assertEquals("no sink metrics", run(delete, "metrics"));
    }

    @Test
    void sinkDeleteRemovesTheConfiguration() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive", Map.of("path", "/a"));
        shell.configurationAdmin.put("io.terrarium.sink.file", "other", Map.of("path", "/b"));
        assertEquals("deleted sink archive (configuration io.terrarium.sink.file~archive)", run(delete, "archive"));
        assertNull(shell.configurationAdmin.properties("io.terrarium.sink.file~archive"));
        assertEquals(Set.of("io.terrarium.sink.file~other"), shell.configurationAdmin.pids());
    }

    @Test
    void aRunningSinkMadeFromAConfigurationIsDeletedThroughIt() throws Exception {
        shell.configurationAdmin.put("io.terrarium.sink.file", "archive", Map.of("path", "/a"));
        shell.sink(SinkStatus.unknown(), Map.of("service.pid", "io.terrarium.sink.file~archive", Sink.TYPE, "file"));
        assertEquals("deleted sink archive (configuration io.terrarium.sink.file~archive)", run(delete, "archive"));
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void aCreatedSinkCanBeChangedAndDeletedByItsName() {
        run(create, "file", "archive", "path=/a");
        run(change, "archive", "path=/b");
        assertEquals("/b", shell.configurationAdmin.properties("io.terrarium.sink.file~archive").get("path"));
        run(delete, "archive");
        assertEquals(Set.of(), shell.configurationAdmin.pids());
    }

    @Test
    void tooFewArgumentsShowTheUsage() {
        assertEquals(SinkCreateCommand.USAGE, run(create, "file"));
        assertEquals(SinkChangeCommand.USAGE, run(change, "archive"));
        assertEquals(SinkDeleteCommand.USAGE, run(delete));
        assertEquals("sink-change: give at least one key=value (key= removes the key)",
                shell.commands.sinkChange("archive"));
    }

    @Test
    void withoutConfigurationAdminEachCommandSaysItIsMissing() {
        Shell noAdmin = new Shell(Clock.systemUTC(), Duration.ofMinutes(2));
        assertEquals("sink-create: ConfigurationAdmin is not available, so sinks cannot be created",
                noAdmin.commands.sinkCreate("file", "a"));
        assertEquals("sink-change: ConfigurationAdmin is not available, so sinks cannot be changed",
                noAdmin.commands.sinkChange("a", "x=1"));
        assertEquals("sink-delete: ConfigurationAdmin is not available, so sinks cannot be deleted",
                noAdmin.commands.sinkDelete("a"));
    }
}
