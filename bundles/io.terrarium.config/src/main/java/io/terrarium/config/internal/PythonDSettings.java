package io.terrarium.config.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a python.d scan needs to know, as python.d.plugin learns it from its command line and environment.
 *
 * @param configDirs         config folders (holding {@code python.d.conf} and {@code python.d/<module>.conf}),
 *                           highest precedence first
 * @param moduleDirs         folders of {@code <module>.chart.py} files, highest precedence first
 * @param commandLineModules modules named on the command line: only those run; empty means all
 * @param defaultUpdateEvery the jobs' default {@code update_every} ({@code NETDATA_UPDATE_EVERY}), at least 1
 * @param minUpdateEvery     the plugin's numeric argument, at least 1
 * @param jobs               job keys to keep (debug mode's {@code terrarium debug <module> <job>...}); empty
 *                           means all
 */
record PythonDSettings(List<Path> configDirs, List<Path> moduleDirs, List<String> commandLineModules,
        int defaultUpdateEvery, int minUpdateEvery, List<String> jobs) {

    PythonDSettings(List<Path> configDirs, List<Path> moduleDirs, List<String> commandLineModules,
            int defaultUpdateEvery, int minUpdateEvery) {
        this(configDirs, moduleDirs, commandLineModules, defaultUpdateEvery, minUpdateEvery, List.of());
    }

    PythonDSettings {
        jobs = List.copyOf(jobs);
        configDirs = List.copyOf(configDirs);
        moduleDirs = List.copyOf(moduleDirs);
        commandLineModules = List.copyOf(commandLineModules);
        if (defaultUpdateEvery < 1 || minUpdateEvery < 1) {
            throw new IllegalArgumentException("update_every must be at least 1");
        }
    }
}
