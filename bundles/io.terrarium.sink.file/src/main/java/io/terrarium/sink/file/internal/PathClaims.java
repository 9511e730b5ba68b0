package io.terrarium.sink.file.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sink writes which file. Two sinks appending to one file would rotate it under each other, so a file has one
 * writer: the sink that claimed it first, until it lets go. Thread-safe.
 */
final class PathClaims {

    private final Map<Path, FileSink> owners = new ConcurrentHashMap<>();

    /** Claims {@code path} for {@code sink}: {@code null} when it is (now) the sink's, else the sink that holds it. */
    FileSink claim(Path path, FileSink sink) {
        FileSink owner = owners.putIfAbsent(path, sink);
        return owner == null || owner == sink ? null : owner;
    }

    void release(Path path, FileSink sink) {
        if (path != null) {
            owners.remove(path, sink);
        }
    }
}
