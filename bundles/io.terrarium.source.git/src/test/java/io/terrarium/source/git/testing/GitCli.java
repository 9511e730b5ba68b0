package io.terrarium.source.git.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code git}, run by tests only (Terrarium itself pulls with JGit): with a fixed author, and neither the
 * user's nor the system's configuration.
 */
public final class GitCli {

    private GitCli() {
    }

    /** Runs {@code git args...} in {@code dir}; returns its stdout, stripped. Fails with git's stderr. */
    public static String run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        return execute(dir, command);
    }

    /** Runs another program the tests need ({@code ssh-keygen}) the same way. */
    static String runProgram(Path dir, String... command) {
        return execute(dir, List.of(command));
    }

    private static String execute(Path dir, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Terrarium Tests");
        env.put("GIT_AUTHOR_EMAIL", "tests@terrarium.invalid");
        env.put("GIT_COMMITTER_NAME", "Terrarium Tests");
        env.put("GIT_COMMITTER_EMAIL", "tests@terrarium.invalid");
        env.put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no end within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " in " + dir + " exited "
                        + process.exitValue() + ": " + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
