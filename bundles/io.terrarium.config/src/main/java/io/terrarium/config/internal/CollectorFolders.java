package io.terrarium.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The folders collector bundles are extracted into, because Python imports files, not bundle entries:
 * {@code <root>/<bsn>-<version>-<bundleId>-<lastModified>/} holding {@code python.d/} (the jar's modules folder) and
 * {@code conf.d/} (its config folder), whatever the header calls them inside the jar.
 *
 * <p>A folder appears whole or not at all (extracted beside it, then renamed), so a complete folder is reused
 * instead of extracted again. Several Terrarium processes may share the root (a {@code terrarium debug} beside the
 * running plugin): each folder records the pid of the process that extracted it, and a process removes a leftover
 * folder only when it owns it or its owner is gone.
 *
 * <p>Not thread-safe: the extender uses it from its one collectors thread.
 */
final class CollectorFolders {

    static final String MODULES = "python.d";
    static final String CONFIG = "conf.d";
    static final String OWNER_FILE = ".terrarium-owner";
    private static final String PARTIAL = ".partial-";

    private final Path root;
    private final long pid = ProcessHandle.current().pid();

    CollectorFolders(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path folderOf(CollectorBundle bundle) {
        return root.resolve(bundle.folderName());
    }

    /**
     * The bundle's folder: extracted now, unless a complete one is already there (same bundle, same update).
     *
     * @throws IOException when the jar cannot be read, the folder cannot be written, or an entry would land outside
     *                     it; nothing partial is left behind
     */
    Path extract(CollectorBundle bundle, CollectorHeader header, CollectorEntries entries) throws IOException {
        Path folder = folderOf(bundle);
        if (Files.isDirectory(folder)) {
            writeOwner(folder);
            return folder;
        }
        Files.createDirectories(root);
        Path partial = root.resolve(PARTIAL + pid + "-" + bundle.folderName());
        delete(partial);
        try {
            copy(entries, header.modules(), partial.resolve(MODULES));
            copy(entries, header.config(), partial.resolve(CONFIG));
            writeOwner(partial);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another process sharing the root extracted the same bundle meanwhile
            delete(partial);
        } catch (IOException | RuntimeException e) {
            try {
                delete(partial);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return folder;
    }

    /**
     * Removes folders of bundles no longer installed: every folder not named in {@code keep} that this process owns
     * or whose owner is gone, and unfinished extractions of processes that are gone.
     *
     * @param keep folder names ({@link CollectorBundle#folderName()}) of the collector bundles installed now
     * @return the folders removed
     */
    List<Path> removeStale(Set<String> keep) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                long owner;
                if (name.startsWith(PARTIAL)) {
                    owner = number(name.substring(PARTIAL.length()).split("-", 2)[0]);
                } else if (keep.contains(name) || !Files.isDirectory(child)) {
                    continue;
                } else {
                    owner = readOwner(child);
                }
                if (!runningElsewhere(owner)) {
                    delete(child);
                    removed.add(child);
                }
            }
        }
        return removed;
    }

    /** Deletes a folder and everything in it; a folder already gone is fine. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void copy(CollectorEntries entries, String jarFolder, Path destination) throws IOException {
        Files.createDirectories(destination);
        String prefix = jarFolder + "/";
        for (String path : entries.files(jarFolder)) {
            if (!path.startsWith(prefix)) {
                continue;
            }
            Path target = destination.resolve(path.substring(prefix.length())).normalize();
            if (!target.startsWith(destination) || target.equals(destination)) {
                throw new IOException("entry '" + path + "' would be written outside " + jarFolder + "/");
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = entries.open(path)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void writeOwner(Path folder) throws IOException {
        Files.writeString(folder.resolve(OWNER_FILE), Long.toString(pid), StandardCharsets.UTF_8);
    }

    private static long readOwner(Path folder) {
        try {
            return number(Files.readString(folder.resolve(OWNER_FILE), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return -1; // no owner recorded: nobody can be using it
        }
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether another live process owns it (this process's own folders are ours to remove). */
    private boolean runningElsewhere(long owner) {
        return owner > 0 && owner != pid && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
    }
}
