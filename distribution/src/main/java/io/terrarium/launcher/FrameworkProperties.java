package io.terrarium.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration handed to Felix: the {@code terrarium.*} runtime properties plus what the framework and the
 * bundles in bundle/ read (storage, packages exported from the class path, Gogo, FileInstall, ConfigAdmin).
 */
final class FrameworkProperties {

    static final String GOSH_ARGS = "gosh.args";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    static final String CM_DIR = "felix.cm.dir";

    /** slf4j-api 2 exports its 1.7-compatible packages under this version too (its own manifest does). */
    static final String SLF4J_COMPAT_VERSION = "1.7.36";

    private final LaunchOptions options;
    private final Map<String, String> runtime;
    private final Path storage;
    private final String slf4jVersion;
    private final boolean interactiveConsole;

    /**
     * @param options            the command line
     * @param runtime            the {@code terrarium.*} properties ({@link RuntimeProperties})
     * @param storage            the framework's cache folder, emptied at start
     * @param slf4jVersion       the version of slf4j-api on the launcher's class path
     * @param interactiveConsole Gogo owns the console (shell mode on a terminal)
     */
    FrameworkProperties(LaunchOptions options, Map<String, String> runtime, Path storage, String slf4jVersion,
            boolean interactiveConsole) {
        this.options = options;
        this.runtime = Map.copyOf(runtime);
        this.storage = storage;
        this.slf4jVersion = slf4jVersion;
        this.interactiveConsole = interactiveConsole;
    }

    Map<String, String> build() {
        boolean debug = options.debug();
        Path home = Path.of(runtime.get(RuntimeProperties.HOME));
        Path lib = Path.of(runtime.get(RuntimeProperties.LIB_DIR));

        Map<String, String> p = new LinkedHashMap<>(runtime);
        p.put("org.osgi.framework.storage", storage.toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.system.packages.extra", slf4jPackages());
        // JGit's ssh bundle uses javax.security.auth without importing it (Equinox delegates javax.* to the JDK)
        p.put("org.osgi.framework.bootdelegation", "javax.security.auth,javax.security.auth.*");
        // Felix: 1 error, 2 warning, 3 info, 4 debug
        p.put("felix.log.level", debug ? "2" : "1");
        p.put("ds.loglevel", "warn");
        // resolve on the calling thread: a pool (one thread per core) kept alive for a resolve of a few bundles
        p.put("felix.resolver.parallelism", "1");

        p.put(FILEINSTALL_DIR, home.resolve("deploy").toString());
        // FileInstall's own logger writes to System.out; java.util.logging goes to stderr
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        // its scan thread polls deploy/ every second anyway; the NIO watcher would only add a thread of its own
        p.put("felix.fileinstall.disableNio2", "true");
        // configurations made in the shell outlive the (per-process) framework cache
        p.put(CM_DIR, lib.resolve("terrarium-configadmin").toString());

        if (!interactiveConsole) {
            // no console session: it would read stdin (and stop the framework when stdin ends); --quiet because
            // Gogo's own session writes to fd 1 directly, which is Netdata's pipe in plugin mode
            p.put(GOSH_ARGS, "--nointeractive --quiet");
        }
        return p;
    }

    private String slf4jPackages() {
        Stream<String> current = Stream.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi")
                .map(pkg -> pkg + ";version=" + slf4jVersion);
        Stream<String> compat = Stream.of("org.slf4j", "org.slf4j.helpers")
                .map(pkg -> pkg + ";version=" + SLF4J_COMPAT_VERSION);
        // the JDK's HTTP server, for the Prometheus sink's endpoint
        Stream<String> jdk = Stream.of("com.sun.net.httpserver");
        return Stream.of(current, compat, jdk).flatMap(s -> s).collect(Collectors.joining(","));
    }
}
