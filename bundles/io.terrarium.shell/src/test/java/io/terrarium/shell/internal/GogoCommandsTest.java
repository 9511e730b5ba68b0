package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.NOW;
import static io.terrarium.shell.internal.Shell.id;
import static io.terrarium.shell.internal.Shell.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.terrarium.api.LogLine;

/**
 * The commands as Gogo sees them: the functions the components register (read from the descriptors bnd generated),
 * the help Gogo's {@code help} reads, and calls through the real Gogo runtime, which parses the line, picks the
 * overload and converts the arguments.
 */
class GogoCommandsTest {

    private static final Path CLASSES = Path.of("target", "classes");

    private final Shell shell = new Shell();
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandProcessorImpl processor;
    private CommandSession session;

    @AfterEach
    void closeGogo() {
        if (session != null) {
            session.close();
        }
        if (processor != null) {
            processor.stop();
            threadIO.stop();
        }
    }

    @Test
    void everyFunctionOfTheCommandsComponentHasAMethodWithHelpOnItAndOnEachParameter() throws Exception {
        List<String> functions = functions("io.terrarium.shell.internal.TerrariumCommands");
        assertEquals(List.of("jobs", "modules", "sources", "workers", "sinks", "run", "enable", "disable", "reload",
                "sinkCreate", "sinkChange", "sinkDelete", "repoAdd", "repoChange", "repoDelete", "log"), functions);
        for (String function : functions) {
            // gogo.command's help looks methods up by exactly this name
            List<Method> methods = Arrays.stream(TerrariumCommands.class.getMethods())
                    .filter(method -> method.getName().equals(function)).toList();
            assertFalse(methods.isEmpty(), "no public method " + function);
            for (Method method : methods) {
                assertNotNull(method.getAnnotation(Descriptor.class), "no @Descriptor on " + method);
                for (Annotation[] parameter : method.getParameterAnnotations()) {
                    assertTrue(Arrays.stream(parameter).anyMatch(Descriptor.class::isInstance),
                            "a parameter of " + method + " has no @Descriptor");
                }
            }
        }
    }

    @Test
    void theHyphenatedSinkCommandsAreRegisteredUnderTheirNames() throws Exception {
        assertEquals(List.of("sink-create"), functions("io.terrarium.shell.internal.SinkCreateCommand"));
        assertEquals(List.of("repo-add"), functions("io.terrarium.shell.internal.RepoAddCommand"));
        assertEquals(List.of("repo-change"), functions("io.terrarium.shell.internal.RepoChangeCommand"));
        assertEquals(List.of("repo-delete"), functions("io.terrarium.shell.internal.RepoDeleteCommand"));
        assertEquals(List.of("sink-change"), functions("io.terrarium.shell.internal.SinkChangeCommand"));
        assertEquals(List.of("sink-delete"), functions("io.terrarium.shell.internal.SinkDeleteCommand"));
    }

    @Test
    void theBundleImportsGogoAndConfigAdminInRangesTheContainersExportsSatisfy() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String imports = manifest.getMainAttributes().getValue("Import-Package");
        // gogo.runtime 1.1.6 exports org.apache.felix.service.command 1.0.0; Felix ConfigAdmin 1.9.26 exports 1.6.0
        assertTrue(importRange(imports, "org.apache.felix.service.command").includes(new Version("1.0.0")), imports);
        assertTrue(importRange(imports, "org.osgi.service.cm").includes(new Version("1.6.0")), imports);
    }

    @Test
    void gogoRunsTheCommandsWithOptionalArgumentsAndNumbers() throws Exception {
        shell.jobControl.add(running("hostinfo/local"), running("nginx/local"));
        shell.jobControl.log(id("hostinfo/local"), new LogLine(NOW, "INFO", "first"),
                new LogLine(NOW.plusMillis(5), "ERROR", "second"));
        startGogo();
        assertEquals(2, execute("terrarium:jobs").lines().count() - 1);
        // Gogo expands an unquoted glob as file names: a glob filter is quoted
        assertEquals(1, execute("terrarium:jobs 'host*'").lines().count() - 1);
        assertEquals(1, execute("terrarium:jobs nginx").lines().count() - 1);
        assertEquals("11:33:45.005 ERROR second", execute("terrarium:log hostinfo 1"));
        assertEquals("disabled nginx/local", execute("terrarium:disable nginx/local"));
    }

    @Test
    void gogoRunsTheSinkCommandsByTheirHyphenatedAndTheirJavaNames() throws Exception {
        startGogo();
        assertEquals("created sink archive (file) as configuration io.terrarium.sink.file~archive: path=/tmp/a",
                execute("terrarium:sink-create file archive path=/tmp/a"));
        assertEquals("changed sink archive: path=/tmp/b, mode=append",
                execute("terrarium:sink-change archive path=/tmp/b mode=append"));
        assertEquals("changed sink archive: removed mode", execute("terrarium:sinkchange archive mode="));
        assertEquals("created sink plain (file) as configuration io.terrarium.sink.file~plain",
                execute("terrarium:sinkCreate file plain"));
        assertEquals("deleted sink archive (configuration io.terrarium.sink.file~archive)",
                execute("terrarium:sink-delete archive"));
        // a value with Gogo's special characters (? * { } $) is quoted
        execute("terrarium:sink-create datakit dk 'url=http://h:9529/?token=a*b'");
        assertEquals("http://h:9529/?token=a*b",
                shell.configurationAdmin.properties("io.terrarium.sink.datakit~dk").get("url"));
        assertEquals(Set.of("io.terrarium.sink.file~plain", "io.terrarium.sink.datakit~dk"),
                shell.configurationAdmin.pids());
        assertEquals(SinkDeleteCommand.USAGE, execute("terrarium:sink-delete"));
    }

    private void startGogo() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        for (String function : List.of("jobs", "modules", "workers", "sinks", "run", "enable", "disable", "reload",
                "sinkCreate", "sinkChange", "sinkDelete", "log")) {
            processor.addCommand("terrarium", shell.commands, function);
        }
        processor.addCommand("terrarium", new SinkCreateCommand(shell.commands), "sink-create");
        processor.addCommand("terrarium", new SinkChangeCommand(shell.commands), "sink-change");
        processor.addCommand("terrarium", new SinkDeleteCommand(shell.commands), "sink-delete");
        session = processor.createSession(InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    private String execute(String line) throws Exception {
        return String.valueOf(session.execute(line));
    }

    /** The values of osgi.command.function in the component description bnd wrote. */
    private static List<String> functions(String component) throws Exception {
        Path xml = CLASSES.resolve("OSGI-INF/" + component + ".xml");
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getDocumentElement();
        NodeList properties = root.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (property.getAttribute("name").equals("osgi.command.function")) {
                String text = property.hasAttribute("value") ? property.getAttribute("value")
                        : property.getTextContent();
                List<String> names = new ArrayList<>();
                text.lines().map(String::strip).filter(name -> !name.isEmpty()).forEach(names::add);
                return names;
            }
        }
        throw new AssertionError("no osgi.command.function in " + xml);
    }

    private static VersionRange importRange(String imports, String packageName) {
        Matcher matcher = Pattern.compile("(?:^|,)" + Pattern.quote(packageName) + ";[^,]*?version=\"([^\"]+)\"")
                .matcher(imports);
        assertTrue(matcher.find(), packageName + " is not imported: " + imports);
        return new VersionRange(matcher.group(1));
    }
}
