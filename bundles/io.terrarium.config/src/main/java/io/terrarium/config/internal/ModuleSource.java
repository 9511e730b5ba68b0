package io.terrarium.config.internal;

import java.nio.file.Path;

/**
 * A python.d module found on disk.
 *
 * @param name the module name: the file name without {@code .chart.py}
 * @param path the {@code <name>.chart.py} file
 */
record ModuleSource(String name, Path path) {

    static final String SUFFIX = ".chart.py";
}
