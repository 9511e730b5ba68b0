package io.terrarium.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The assembled distribution under test, and environments that point it at test folders. */
final class Distribution {

    private Distribution() {
    }

    static Path home() {
        String home = System.getProperty("terrarium.distribution");
        if (home == null) {
            throw new IllegalStateException("system property terrarium.distribution is not set");
        }
        Path path = Path.of(home);
        if (!Files.isExecutable(path.resolve("bin/terrarium.plugin"))) {
            throw new IllegalStateException("no distribution at " + path + " (run mvn package first)");
        }
        return path;
    }

    static Path plugin() {
        return home().resolve("bin/terrarium.plugin");
    }

    static Path resource(String path) {
        return Path.of(System.getProperty("terrarium.test.resources"), path);
    }

    /**
     * A python.d layout as Netdata gives it to a plugin: {@code etc/} (user config), {@code stock/} (stock
     * config), {@code plugins.d/} whose sibling {@code python.d/} holds the modules, {@code lib/}, {@code lock/}.
     */
    static final class Layout {
        final Path root;
        final Path userConfig;
        final Path stockConfig;
        final Path pluginsDir;
        final Path modules;

        Layout(Path root) {
            this.root = root;
            this.userConfig = mkdirs(root.resolve("etc/python.d")).getParent();
            this.stockConfig = mkdirs(root.resolve("stock/python.d")).getParent();
            this.pluginsDir = mkdirs(root.resolve("plugins.d"));
            this.modules = mkdirs(root.resolve("python.d"));
            mkdirs(root.resolve("lib"));
            mkdirs(root.resolve("lock"));
        }

        Layout pythonDConf(String yaml) {
            return write(userConfig.resolve("python.d.conf"), yaml);
        }

        Layout moduleConf(String module, String yaml) {
            return write(userConfig.resolve("python.d/" + module + ".conf"), yaml);
        }

        /** Copies a module from the test resources under another name. */
        Layout module(String resource, String name) {
            try {
                Files.copy(resource(resource), modules.resolve(name + ".chart.py"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Map<String, String> environment() {
            return environment(stockConfig, pluginsDir);
        }

        /** The environment Netdata gives python.d.plugin, with the stock config and plugins folder chosen. */
        Map<String, String> environment(Path stock, Path plugins) {
            Map<String, String> env = new HashMap<>();
            env.put("NETDATA_USER_CONFIG_DIR", userConfig.toString());
            env.put("NETDATA_STOCK_CONFIG_DIR", stock.toString());
            env.put("NETDATA_PLUGINS_DIR", plugins.toString());
            env.put("NETDATA_LIB_DIR", root.resolve("lib").toString());
            env.put("NETDATA_LOCK_DIR", root.resolve("lock").toString());
            env.put("PYTHONUNBUFFERED", "1");
            return env;
        }

        private Layout write(Path file, String text) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> command(Path executable, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        return command;
    }
}
