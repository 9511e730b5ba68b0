package io.terrarium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs every jar of the distribution's bundle/ folder and marks the non-fragments for start, so that they start
 * when the framework does. Jars are referenced in place, not copied into the framework cache. A jar that cannot be
 * installed is logged by name and skipped.
 */
final class BundleDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(BundleDeployer.class);

    private final Path folder;

    BundleDeployer(Path folder) {
        this.folder = folder;
    }

    /** Returns the bundles installed, in file name order. */
    List<Bundle> installAll(BundleContext context) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                Bundle bundle = context.installBundle("reference:" + jar.toUri());
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
                installed.add(bundle);
            } catch (BundleException | RuntimeException e) {
                LOG.error("cannot install {}: {}", jar, e.getMessage());
            }
        }
        return installed;
    }
}
