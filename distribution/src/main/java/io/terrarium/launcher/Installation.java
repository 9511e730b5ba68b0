package io.terrarium.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the distribution is: the folder above bin/, which holds lib/ and bundle/. */
final class Installation {

    /** Set by bin/terrarium to the folder above its own real location. */
    static final String PROPERTY = "terrarium.install.dir";

    private Installation() {
    }

    static Path locate() {
        String dir = System.getProperty(PROPERTY);
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath().normalize();
        }
        // java -cp lib/* io.terrarium.launcher.Main: the launcher jar is in lib/
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.toAbsolutePath().getParent().getParent().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
