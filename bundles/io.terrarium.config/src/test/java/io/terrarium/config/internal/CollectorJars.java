package io.terrarium.config.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Collector jars built in memory with java.util.jar, and a jar's entries as {@link CollectorEntries}. */
final class CollectorJars {

    static final String MODULE_SOURCE = """
            from bases.FrameworkServices.SimpleService import SimpleService

            class Service(SimpleService):
                def get_data(self):
                    return {'x': 1}
            """;

    static final String SCRIPT_SOURCE = """
            from datakit_framework import DataKitFramework

            class Limits(DataKitFramework):
                name = 'Limits'
                interval = 10

                def run(self):
                    pass
            """;

    private CollectorJars() {
    }

    /** A jar: the manifest's main attributes, then each entry (a name ending in '/' is a folder entry). */
    static byte[] jar(Map<String, String> headers, Map<String, String> entries) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((key, value) -> manifest.getMainAttributes().putValue(key, value));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                if (!entry.getKey().endsWith("/")) {
                    jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                }
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The headers of a collector bundle that requires the extender, as the sample's. */
    static Map<String, String> bundleHeaders(String symbolicName, String version, String collectorHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", symbolicName);
        headers.put("Bundle-Version", version);
        headers.put(CollectorHeader.NAME, collectorHeader);
        headers.put("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=terrarium.collector)"
                + "(version>=1.0.0)(!(version>=2.0.0)))\"");
        return headers;
    }

    /** Entries for a bundle with the given python.d modules (each with a one-job conf) under the default folders. */
    static Map<String, String> modules(String... names) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("python.d/", "");
        for (String name : names) {
            entries.put("python.d/" + name + ".chart.py", MODULE_SOURCE);
        }
        entries.put("conf.d/", "");
        entries.put("conf.d/python.d/", "");
        for (String name : names) {
            entries.put("conf.d/python.d/" + name + ".conf", "bundled:\n  update_every: 1\n");
        }
        return entries;
    }

    /** A jar's entries, read into memory at once (no file handle stays open), counting the entries opened. */
    static final class Entries implements CollectorEntries {
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        int opened;

        Entries(byte[] jar) {
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (!entry.isDirectory()) {
                        files.put(entry.getName(), in.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> files(String folder) {
            List<String> below = new ArrayList<>();
            files.keySet().stream().filter(name -> name.startsWith(folder + "/")).forEach(below::add);
            return below;
        }

        @Override
        public InputStream open(String path) throws IOException {
            byte[] content = files.get(path);
            if (content == null) {
                throw new IOException("no entry " + path);
            }
            opened++;
            return new ByteArrayInputStream(content);
        }
    }
}
