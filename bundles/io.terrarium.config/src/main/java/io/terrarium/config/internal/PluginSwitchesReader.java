package io.terrarium.config.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads {@code python.d.conf} from every config folder, lowest precedence first, each file overriding the
 * previous ones key by key (python.d: the stock file, then the user's). A file that is not valid YAML, or
 * whose document is not a mapping, is reported and counts as empty; a missing file is normal.
 */
final class PluginSwitchesReader {

    static final String FILE_NAME = "python.d.conf";

    private final PyYamlReader yaml = new PyYamlReader();

    /** @param configDirs highest precedence first */
    PluginSwitches read(List<Path> configDirs, Consumer<Problem> problems) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (int i = configDirs.size() - 1; i >= 0; i--) {
            Path file = configDirs.get(i).resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Object document;
            try {
                document = yaml.read(file);
            } catch (PyYamlReader.UnreadableFileException e) {
                problems.accept(Problem.error("python.d.conf: " + e.getMessage() + " (file ignored)"));
                continue;
            }
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                problems.accept(Problem.error("python.d.conf: " + file + ": not a YAML mapping of keys to values "
                        + "(file ignored)"));
                continue;
            }
            map.forEach((k, v) -> merged.put((String) k, v));
        }
        return new PluginSwitches(merged);
    }
}
