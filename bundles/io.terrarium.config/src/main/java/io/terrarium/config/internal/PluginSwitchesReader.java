package io.terrarium.config.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code python.d.conf} from every config folder, lowest precedence first, each file overriding the
 * previous ones key by key (python.d: the stock file, then the user's). A missing file is normal. A file that is
 * not valid YAML, or whose document is not a mapping, is unusable: {@link #read(List)} returns it for the caller
 * to decide (the loader keeps the previous scan's jobs when it has one), and it counts as empty.
 */
final class PluginSwitchesReader {

    static final String FILE_NAME = "python.d.conf";

    /**
     * A python.d.conf that could not be used.
     *
     * @param reason      {@code <file>[:<line>:<column>]: <what is wrong>}, one line
     * @param fingerprint the file's content ({@link SourceFingerprint})
     */
    record Unusable(Path file, String reason, String fingerprint) {
    }

    /** The merged switches (unusable files counted as empty) and the files that could not be used. */
    record Result(PluginSwitches switches, List<Unusable> unusable) {

        Result {
            unusable = List.copyOf(unusable);
        }
    }

    private final PyYamlReader yaml = new PyYamlReader();

    /** @param configDirs highest precedence first */
    Result read(List<Path> configDirs) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Unusable> unusable = new ArrayList<>();
        for (int i = configDirs.size() - 1; i >= 0; i--) {
            Path file = configDirs.get(i).resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Object document;
            try {
                document = yaml.read(file);
            } catch (PyYamlReader.UnreadableFileException e) {
                unusable.add(new Unusable(file, e.getMessage(), SourceFingerprint.of(file)));
                continue;
            }
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                unusable.add(new Unusable(file, file + ": not a YAML mapping of keys to values",
                        SourceFingerprint.of(file)));
                continue;
            }
            map.forEach((k, v) -> merged.put((String) k, v));
        }
        return new Result(new PluginSwitches(merged), unusable);
    }
}
