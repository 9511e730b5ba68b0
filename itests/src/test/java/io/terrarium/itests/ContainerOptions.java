package io.terrarium.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;

import org.ops4j.pax.exam.Option;

/** The bundles and properties of a Terrarium container, for Pax Exam. */
final class ContainerOptions {

    private ContainerOptions() {
    }

    static Option[] terrarium(String confDir, String pythonDir) {
        return options(
                systemPackages("org.slf4j;version=2.0.20", "org.slf4j.spi;version=2.0.20",
                        "org.slf4j.event;version=2.0.20", "org.slf4j.helpers;version=2.0.20",
                        "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36", "com.sun.net.httpserver"),
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                frameworkProperty("terrarium.python.core").value(property("terrarium.python.core")),
                frameworkProperty("terrarium.conf.dirs").value(confDir),
                frameworkProperty("terrarium.python.dirs").value(pythonDir),
                frameworkProperty("terrarium.mode").value("headless"),
                // headless mode makes the standalone Prometheus sink: on a free port, as tests may run side by side
                frameworkProperty("terrarium.prometheus.address").value("127.0.0.1:0"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
                mavenBundle("org.yaml", "snakeyaml").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.dataformat", "jackson-dataformat-toml").versionAsInProject(),
                mavenBundle("com.googlecode.javaewah", "JavaEWAH").versionAsInProject(),
                mavenBundle("commons-codec", "commons-codec").versionAsInProject(),
                mavenBundle("org.eclipse.jgit", "org.eclipse.jgit").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcprov-jdk18on").versionAsInProject(),
                mavenBundle("org.apache.sshd", "sshd-osgi").versionAsInProject(),
                mavenBundle("org.apache.sshd", "sshd-sftp").versionAsInProject(),
                mavenBundle("org.eclipse.jgit", "org.eclipse.jgit.ssh.apache").versionAsInProject(),
                ours("api"), ours("config"), ours("runner"), ours("validation"), ours("scheduler"),
                ours("sink.netdata"), ours("sink.datakit"), ours("sink.prometheus"), ours("sink.file"), ours("shell"),
                ours("source.git"),
                mavenBundle("org.ops4j.base", "ops4j-base").versionAsInProject(),
                mavenBundle("org.ops4j.pax.swissbox", "pax-swissbox-core").versionAsInProject(),
                mavenBundle("org.ops4j.pax.swissbox", "pax-swissbox-lifecycle").versionAsInProject(),
                mavenBundle("org.ops4j.pax.swissbox", "pax-swissbox-tracker").versionAsInProject(),
                mavenBundle("org.ops4j.pax.swissbox", "pax-swissbox-extender").versionAsInProject(),
                mavenBundle("jakarta.inject", "jakarta.inject-api").versionAsInProject(),
                mavenBundle("org.ops4j.pax.exam", "pax-exam-inject").versionAsInProject(),
                mavenBundle("org.ops4j.pax.exam", "pax-exam-extender-service").versionAsInProject(),
                junitBundles());
    }

    /** The jar of one of our bundles that is not deployed by {@link #terrarium}, e.g. {@code collector.sample}. */
    static File bundleFile(String name) {
        return new File(property("terrarium.bundle." + name));
    }

    static String resource(String path) {
        return new File(property("terrarium.test.resources"), path).getAbsolutePath();
    }

    private static Option ours(String name) {
        return bundle(new File(property("terrarium.bundle." + name)).toURI().toString());
    }

    private static String property(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is not set (run through Maven failsafe)");
        }
        return value;
    }
}
