package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The repository checks out whole on a case-insensitive file system (macOS, Windows): no two paths differ only in
 * case. Build outputs and version control's own folder are not part of a checkout.
 */
class RepositoryNamesIT {

    private static final Set<String> NOT_CHECKED_OUT = Set.of(".git", "target", "node_modules", "__pycache__");

    @Test
    void noTwoPathsDifferOnlyInCase() throws IOException {
        Path repository = Path.of(System.getProperty("terrarium.repository")).toRealPath();
        Map<String, String> seen = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        Files.walkFileTree(repository, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(repository) && NOT_CHECKED_OUT.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                note(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                note(file);
                return FileVisitResult.CONTINUE;
            }

            private void note(Path path) {
                String relative = repository.relativize(path).toString();
                String other = seen.putIfAbsent(relative.toLowerCase(Locale.ROOT), relative);
                if (other != null && !other.equals(relative)) {
                    clashes.add(other + " and " + relative);
                }
            }
        });
        assertTrue(seen.size() > 100, "walked the repository: " + seen.size() + " paths under " + repository);
        assertEquals(List.of(), clashes);
    }
}
