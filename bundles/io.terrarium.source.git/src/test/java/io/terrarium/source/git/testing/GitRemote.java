package io.terrarium.source.git.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bare repository, as a git server serves it ({@code <root>/<name>.git}), and a clone of it to commit in and push
 * from with Debian's git, while whatever serves the bare repository keeps serving it.
 */
public final class GitRemote {

    private final Path bare;
    private final Path work;
    private final String branch;

    /** Creates {@code <served>/<name>.git} with {@code branch} as its default branch, and a clone beside. */
    public GitRemote(Path served, Path workRoot, String name, String branch) {
        this.branch = branch;
        this.bare = served.resolve(name + ".git");
        this.work = workRoot.resolve(name);
        mkdirs(served);
        mkdirs(workRoot);
        GitCli.run(served, "init", "-q", "--bare", "-b", branch, bare.toString());
        GitCli.run(workRoot, "clone", "-q", bare.toString(), work.toString());
        GitCli.run(work, "checkout", "-q", "-b", branch);
    }

    public Path bare() {
        return bare;
    }

    public Path work() {
        return work;
    }

    public GitRemote write(String path, String content) {
        Path file = work.resolve(path);
        mkdirs(file.getParent());
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GitRemote delete(String path) {
        GitCli.run(work, "rm", "-q", "-r", path);
        return this;
    }

    /** Commits everything in the clone and pushes it; returns the new commit's id. */
    public String commitAndPush(String message) {
        GitCli.run(work, "add", "-A");
        GitCli.run(work, "commit", "-q", "--allow-empty", "-m", message);
        GitCli.run(work, "push", "-q", "origin", "HEAD:refs/heads/" + branch);
        return head();
    }

    /**
     * Rewrites history: the clone goes back to {@code revision}, commits everything with {@code message} and
     * force-pushes, so the branch's tip no longer descends from what it was. Returns the new commit's id.
     */
    public String forcePush(String revision, String message) {
        GitCli.run(work, "reset", "-q", "--soft", revision);
        GitCli.run(work, "add", "-A");
        GitCli.run(work, "commit", "-q", "--allow-empty", "-m", message);
        GitCli.run(work, "push", "-q", "--force", "origin", "HEAD:refs/heads/" + branch);
        return head();
    }

    public String head() {
        return GitCli.run(work, "rev-parse", "HEAD");
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
