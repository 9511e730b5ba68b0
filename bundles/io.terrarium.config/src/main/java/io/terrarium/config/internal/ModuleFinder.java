package io.terrarium.config.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Finds every {@code <name>.chart.py} directly in the module folders. A module in a higher-precedence folder
 * hides a same-named one in a lower folder (python.d: {@code NETDATA_USER_PLUGINS_DIRS} over the stock folder).
 * A folder that does not exist is skipped silently, as python.d does.
 */
final class ModuleFinder {

    /**
     * @param moduleDirs highest precedence first
     * @return the modules, sorted by name
     */
    List<ModuleSource> find(List<Path> moduleDirs, Consumer<Problem> problems) {
        Map<String, ModuleSource> byName = new TreeMap<>();
        for (Path dir : moduleDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ModuleSource.SUFFIX)) {
                for (Path file : files) {
                    String fileName = file.getFileName().toString();
                    String name = fileName.substring(0, fileName.length() - ModuleSource.SUFFIX.length());
                    if (!name.isEmpty() && Files.isRegularFile(file)) {
                        byName.putIfAbsent(name, new ModuleSource(name, file));
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                // removed while we looked: same as absent
            } catch (IOException e) {
                problems.accept(Problem.error("module folder " + dir + ": cannot list: " + e));
            }
        }
        return List.copyOf(byName.values());
    }
}
