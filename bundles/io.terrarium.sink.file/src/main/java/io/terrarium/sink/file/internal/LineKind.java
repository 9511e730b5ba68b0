package io.terrarium.sink.file.internal;

import java.util.Locale;

/** The kinds of line the sink writes: the {@code kind} field of each line, and the words of the {@code kinds} setting. */
enum LineKind {
    /** One chart update of a python.d job. */
    CHART,
    /** One DataKit record. */
    POINT,
    /** One chart retired in this run. */
    OBSOLETE;

    /** The word in the file and in the configuration. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a configuration word names, or {@code null}. */
    static LineKind ofWord(String word) {
        for (LineKind kind : values()) {
            if (kind.word().equalsIgnoreCase(word.trim())) {
                return kind;
            }
        }
        return null;
    }
}
