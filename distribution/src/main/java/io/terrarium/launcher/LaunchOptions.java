package io.terrarium.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the command line asked for.
 *
 * @param mode        how to run
 * @param home        {@code --home}, if given
 * @param confDirs    {@code --conf-dir} folders, highest precedence first; empty when not given
 * @param pythonDirs  {@code --python-dir} folders, highest precedence first; empty when not given
 * @param debug       debug logging ({@code --debug}, or the plugin's {@code debug} word)
 * @param plugin      the python.d.plugin arguments ({@link PluginArguments#NONE} outside plugin mode)
 * @param jobs        in debug mode, the jobs of the module to run; empty means all
 * @param telnetPort  {@code --telnet PORT}: Gogo's telnet server on 127.0.0.1
 * @param help        {@code --help}
 */
record LaunchOptions(Mode mode, Optional<Path> home, List<Path> confDirs, List<Path> pythonDirs, boolean debug,
        PluginArguments plugin, List<String> jobs, OptionalInt telnetPort, boolean help) {

    LaunchOptions {
        jobs = List.copyOf(jobs);
        confDirs = List.copyOf(confDirs);
        pythonDirs = List.copyOf(pythonDirs);
    }

    /** The same, with debug logging on. */
    LaunchOptions withDebug() {
        return new LaunchOptions(mode, home, confDirs, pythonDirs, true, plugin, jobs, telnetPort, help);
    }
}
