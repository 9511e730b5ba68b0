package io.terrarium.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The files inside a collector jar, read through the framework (a bundle) or directly (a jar file, in tests). */
interface CollectorEntries {

    /**
     * Every file (not folder) entry below {@code folder}, at any depth, as a path from the jar's root without a
     * leading {@code /}, e.g. {@code python.d/Pkg/script.py}. Empty when the folder is not there.
     */
    List<String> files(String folder) throws IOException;

    /** The content of one entry returned by {@link #files}. */
    InputStream open(String path) throws IOException;
}
