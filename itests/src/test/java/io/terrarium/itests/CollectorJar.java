package io.terrarium.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A collector bundle made in memory, as an operator's build would make one (README: "Collector bundles"). */
final class CollectorJar {

    private final String symbolicName;
    private final String version;
    private final Map<String, String> files = new LinkedHashMap<>();

    CollectorJar(String symbolicName, String version) {
        this.symbolicName = symbolicName;
        this.version = version;
    }

    CollectorJar with(String path, String content) {
        files.put(path, content);
        return this;
    }

    /**
     * A python.d module whose one chart reports {@code value} every second; {@code jobs} jobs named a, b, ...
     */
    static CollectorJar beacon(String symbolicName, String version, String module, int value, int jobs) {
        StringBuilder conf = new StringBuilder("update_every: 1\n");
        for (int i = 0; i < jobs; i++) {
            conf.append((char) ('a' + i)).append(":\n  name: ").append((char) ('a' + i)).append('\n');
        }
        return new CollectorJar(symbolicName, version)
                .with("python.d/" + module + ".chart.py", """
                        # a collector bundle's module: reports a constant, so a test can tell the versions apart
                        from bases.FrameworkServices.SimpleService import SimpleService

                        ORDER = ['level']
                        CHARTS = {
                            'level': {
                                'options': [None, 'Level', 'level', 'beacon', 'beacon.level', 'line'],
                                'lines': [['level']],
                            },
                        }


                        class Service(SimpleService):
                            def __init__(self, configuration=None, name=None):
                                SimpleService.__init__(self, configuration=configuration, name=name)
                                self.order = ORDER
                                self.definitions = CHARTS

                            def check(self):
                                return True

                            def get_data(self):
                                return {'level': %d}
                        """.formatted(value))
                .with("conf.d/python.d/" + module + ".conf", conf.toString());
    }

    InputStream stream() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Terrarium-Collector", "python.d");
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=terrarium.collector)"
                + "(version>=1.0.0)(!(version>=2.0.0)))\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                jar.putNextEntry(new JarEntry(file.getKey()));
                jar.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
