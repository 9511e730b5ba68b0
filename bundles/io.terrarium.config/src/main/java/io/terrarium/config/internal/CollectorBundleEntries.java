package io.terrarium.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;

/**
 * A bundle's entries through {@link Bundle#findEntries}: the jar's own files (and those of attached fragments), never
 * the class loader, so a collector bundle needs no Java and no resolved class space for its resources.
 */
final class CollectorBundleEntries implements CollectorEntries {

    private final Bundle bundle;
    /** Entry URLs seen by {@link #files}, for {@link #open}: fragments' entries are not reachable by getEntry. */
    private final Map<String, URL> urls = new ConcurrentHashMap<>();

    CollectorBundleEntries(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public List<String> files(String folder) {
        List<String> files = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (!path.isEmpty() && !path.endsWith("/")) {
                files.add(path);
                urls.put(path, url);
            }
        }
        return files;
    }

    @Override
    public InputStream open(String path) throws IOException {
        URL url = urls.get(path);
        if (url == null) {
            url = bundle.getEntry(path);
        }
        if (url == null) {
            throw new IOException("no entry " + path);
        }
        return url.openStream();
    }
}
