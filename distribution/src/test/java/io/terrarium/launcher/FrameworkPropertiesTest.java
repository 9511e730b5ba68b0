package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FrameworkPropertiesTest {

    private static final Path STORAGE = Path.of("/tmp/terrarium-felix-1");

    private static Map<String, String> build(boolean interactive, String... args) throws UsageException {
        LaunchOptions options = new ArgumentParser().parse(List.of(args));
        Map<String, String> runtime = new RuntimeProperties(Path.of("/opt/terrarium"), Map.of()).build(options);
        return new FrameworkProperties(options, runtime, STORAGE, "2.0.20", interactive).build();
    }

    @Test
    void includesTheRuntimeProperties() throws UsageException {
        assertEquals("/opt/terrarium", build(false).get(RuntimeProperties.HOME));
    }

    @Test
    void theCacheIsEmptiedAtStart() throws UsageException {
        Map<String, String> p = build(false);
        assertEquals(STORAGE.toString(), p.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", p.get("org.osgi.framework.storage.clean"));
    }

    @Test
    void slf4jAndTheJdkHttpServerAreExportedFromTheClassPath() throws UsageException {
        String extra = build(false).get("org.osgi.framework.system.packages.extra");
        assertEquals(List.of("org.slf4j;version=2.0.20", "org.slf4j.event;version=2.0.20",
                "org.slf4j.helpers;version=2.0.20", "org.slf4j.spi;version=2.0.20", "org.slf4j;version=1.7.36",
                "org.slf4j.helpers;version=1.7.36", "com.sun.net.httpserver"), List.of(extra.split(",")));
    }

    @Test
    void withoutAConsoleGogoStartsNoSessionAndPrintsNoBanner() throws UsageException {
        assertEquals("--nointeractive --quiet", build(false, "--headless").get(FrameworkProperties.GOSH_ARGS));
        assertEquals("--nointeractive --quiet", build(false, "--netdata").get(FrameworkProperties.GOSH_ARGS));
        assertEquals("--nointeractive --quiet", build(false).get(FrameworkProperties.GOSH_ARGS));
    }

    @Test
    void onATerminalGogoKeepsItsInteractiveDefault() throws UsageException {
        assertFalse(build(true).containsKey(FrameworkProperties.GOSH_ARGS));
    }

    @Test
    void fileInstallWatchesDeployAndLogsThroughJavaUtilLogging() throws UsageException {
        Map<String, String> p = build(false, "--home", "/srv/t");
        assertEquals("/srv/t/deploy", p.get(FrameworkProperties.FILEINSTALL_DIR));
        assertEquals("jul", p.get("felix.fileinstall.log.default"));
    }

    @Test
    void configAdminKeepsItsStateInTheLibFolder() throws UsageException {
        assertEquals("/opt/terrarium/data/terrarium-configadmin", build(false).get(FrameworkProperties.CM_DIR));
    }

    @Test
    void felixLogsErrorsOnlyAndDebugAddsWarningsButNeverItsWiring() throws UsageException {
        assertEquals("1", build(false).get("felix.log.level"));
        assertEquals("2", build(false, "--debug").get("felix.log.level"));
        assertEquals("warn", build(false, "--netdata", "debug").get("ds.loglevel"));
        assertEquals("2", build(false, "--netdata", "debug").get("felix.fileinstall.log.level"));
    }

    @Test
    void theResolverAndFileInstallStartNoThreadsOfTheirOwn() throws UsageException {
        Map<String, String> p = build(false, "--netdata");
        assertEquals("1", p.get("felix.resolver.parallelism"));
        assertEquals("true", p.get("felix.fileinstall.disableNio2"));
        assertEquals("1000", p.get("felix.fileinstall.poll"), "deploy/ is still polled every second");
    }
}
