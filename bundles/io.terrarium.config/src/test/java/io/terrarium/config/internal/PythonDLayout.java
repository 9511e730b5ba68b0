package io.terrarium.config.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A python.d installation in a temporary folder, laid out as python.d.plugin sees one: a user and a stock
 * config folder ({@code python.d.conf}, {@code python.d/<module>.conf}) and a user and a stock module folder.
 */
final class PythonDLayout {

    static final String MODULE_SOURCE = """
            from bases.FrameworkServices.SimpleService import SimpleService

            class Service(SimpleService):
                def get_data(self):
                    return {'x': 1}
            """;

    final Path userConf;
    final Path stockConf;
    final Path userModules;
    final Path stockModules;

    PythonDLayout(Path root) {
        userConf = root.resolve("etc");
        stockConf = root.resolve("stock-conf.d");
        userModules = root.resolve("user-plugins/python.d");
        stockModules = root.resolve("python.d");
    }

    PythonDLayout module(String name) {
        return module(stockModules, name, MODULE_SOURCE);
    }

    PythonDLayout module(Path dir, String name, String source) {
        write(dir.resolve(name + ModuleSource.SUFFIX), source);
        return this;
    }

    PythonDLayout stockConf(String module, String yaml) {
        write(stockConf.resolve("python.d").resolve(module + ".conf"), yaml);
        return this;
    }

    PythonDLayout userConf(String module, String yaml) {
        write(userConf.resolve("python.d").resolve(module + ".conf"), yaml);
        return this;
    }

    PythonDLayout stockPluginConf(String yaml) {
        write(stockConf.resolve("python.d.conf"), yaml);
        return this;
    }

    PythonDLayout userPluginConf(String yaml) {
        write(userConf.resolve("python.d.conf"), yaml);
        return this;
    }

    PythonDSettings settings(String... commandLineModules) {
        return new PythonDSettings(List.of(userConf, stockConf), List.of(userModules, stockModules),
                List.of(commandLineModules), 1, 1);
    }

    ScanResult load(String... commandLineModules) {
        return new PythonDConfigLoader().load(settings(commandLineModules));
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
