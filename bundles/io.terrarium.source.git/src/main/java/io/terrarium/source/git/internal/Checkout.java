package io.terrarium.source.git.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * One repository's working tree on disk, kept at the tip of the followed branch with JGit (no {@code git}
 * executable): cloned into a temporary folder and moved into place the first time, so a clone that fails half-way
 * leaves nothing; then fetched with a forced refspec (a force-pushed branch is followed) and reset hard to what was
 * fetched, untracked files removed. The folder's path never changes, so the modules in it keep theirs.
 *
 * <p>Not thread-safe: one pull at a time (the repository's pulls run on the one pull thread).
 */
final class Checkout {

    private static final String REMOTE = "origin";

    private final Path folder;
    /** The ssh clients of the pull under way, closed at its end. */
    private final List<SshdSessionFactory> openSessions = new java.util.ArrayList<>();

    /** @param folder where the working tree is (or will be) */
    Checkout(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** The commit the folder holds, if it holds a checkout. */
    Optional<String> revision() {
        if (!Files.isDirectory(folder.resolve(".git"))) {
            return Optional.empty();
        }
        try (Repository repository = open()) {
            ObjectId head = repository.resolve("HEAD");
            return head == null ? Optional.empty() : Optional.of(head.name());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Brings the folder to the tip of the settings' branch.
     *
     * @return the commit it holds now
     * @throws PullException saying what failed, in one line without the password
     */
    String pull(GitSettings settings) throws PullException {
        String password = password(settings);
        try {
            if (revision().isEmpty()) {
                return cloneInto(settings, password);
            }
            return update(settings, password);
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new PullException(scrub(describe(e), password, settings), e);
        } finally {
            openSessions.forEach(SshdSessionFactory::close);
            openSessions.clear();
        }
    }

    private String cloneInto(GitSettings settings, String password) throws GitAPIException, IOException,
            PullException {
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String prefix = "." + folder.getFileName() + ".partial-";
        try (var stale = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path left : stale) {
                deleteTree(left); // of a clone a stop or crash interrupted
            }
        }
        Path partial = Files.createTempDirectory(parent, prefix);
        try {
            try (Git git = configure(Git.cloneRepository(), settings, password).setURI(settings.url())
                    .setDirectory(partial.toFile()).setRemote(REMOTE).setBranch(settings.branch())
                    .setBranchesToClone(List.of("refs/heads/" + settings.branch())).setCloneAllBranches(false)
                    .call()) {
                if (git.getRepository().exactRef("refs/remotes/" + REMOTE + "/" + settings.branch()) == null) {
                    throw new PullException("branch '" + settings.branch() + "' is not in the repository", null);
                }
            }
            deleteTree(folder); // a folder without a checkout (e.g. one left half-deleted)
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(partial);
        }
        return revision().orElseThrow(() -> new IOException("no HEAD after the clone"));
    }

    private String update(GitSettings settings, String password) throws GitAPIException, IOException,
            PullException {
        try (Git git = Git.wrap(open())) {
            Repository repository = git.getRepository();
            StoredConfig config = repository.getConfig();
            if (!settings.url().equals(config.getString(ConfigConstants.CONFIG_REMOTE_SECTION, REMOTE, "url"))) {
                config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, REMOTE, "url", settings.url());
                config.save();
            }
            String tracking = "refs/remotes/" + REMOTE + "/" + settings.branch();
            configure(git.fetch(), settings, password).setRemote(REMOTE)
                    .setRefSpecs(new RefSpec("+refs/heads/" + settings.branch() + ":" + tracking))
                    .setRemoveDeletedRefs(true).call();
            Ref tip = repository.exactRef(tracking);
            if (tip == null) {
                throw new PullException("branch '" + settings.branch() + "' is not in the repository", null);
            }
            ObjectId head = repository.resolve("HEAD");
            if (!tip.getObjectId().equals(head) || git.status().call().hasUncommittedChanges()) {
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.getObjectId().name()).call();
                git.clean().setCleanDirectories(true).setForce(true).call();
            }
            return tip.getObjectId().name();
        }
    }

    private Repository open() throws IOException {
        return new FileRepositoryBuilder().setWorkTree(folder.toFile()).setGitDir(folder.resolve(".git").toFile())
                .setMustExist(true).build();
    }

    private <C extends TransportCommand<C, ?>> C configure(C command, GitSettings settings, String password) {
        command.setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        if (password != null) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user(settings), password));
        }
        settings.ssh().ifPresent(ssh -> {
            SshdSessionFactory sessions = sessions(ssh);
            openSessions.add(sessions);
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(sessions);
                }
            });
        });
        return command;
    }

    /**
     * An ssh client that uses only the configured key and known hosts: not {@code ~/.ssh/config}, not the
     * user's keys or agent, publickey authentication only.
     */
    private SshdSessionFactory sessions(GitSettings.Ssh ssh) {
        Path empty = folder.toAbsolutePath().getParent().resolve(".ssh-" + folder.getFileName());
        return new SshdSessionFactoryBuilder().setHomeDirectory(empty.toFile()).setSshDirectory(empty.toFile())
                .setConfigFile(dir -> null).setPreferredAuthentications("publickey")
                .setDefaultIdentities(dir -> List.of(ssh.keyFile()))
                .setDefaultKnownHostsFiles(dir -> List.of(ssh.knownHostsFile()))
                .setKeyPasswordProvider(credentials -> new PassphraseFile(ssh.keyPasswordFile()))
                .setConnectorFactory(null)
                .build(new JGitKeyCache());
    }

    /** A key's passphrase from its file, once per key load; none when no file is configured. */
    private static final class PassphraseFile implements KeyPasswordProvider {
        private final Optional<Path> file;
        private int attempts = 1;

        PassphraseFile(Optional<Path> file) {
            this.file = file;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) throws IOException {
            if (file.isEmpty() || attempt > attempts) {
                return null;
            }
            String text = Files.readString(file.get(), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).strip().toCharArray();
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            attempts = Math.max(1, maxNumberOfAttempts);
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false; // a wrong passphrase does not get better by asking again
        }
    }

    private static String user(GitSettings settings) {
        if (!settings.username().isEmpty()) {
            return settings.username();
        }
        try {
            return new URIish(settings.url()).getUser();
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** The password file's first line, or null; a file that cannot be read fails the pull, naming the file. */
    private static String password(GitSettings settings) throws PullException {
        if (settings.passwordFile().isEmpty()) {
            return null;
        }
        Path file = settings.passwordFile().get();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).strip();
            if (line.isEmpty()) {
                throw new PullException("passwordFile " + file + " is empty", null);
            }
            return line;
        } catch (IOException e) {
            throw new PullException("cannot read passwordFile " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The innermost useful message of a JGit failure, in one line. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable current = e;
        String last = null;
        while (current != null) {
            String message = current.getMessage();
            if (message != null && !message.isBlank() && (last == null || !last.contains(message))) {
                if (text.length() > 0) {
                    text.append(": ");
                }
                text.append(message.strip());
                last = message;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        String line = text.length() == 0 ? e.getClass().getSimpleName() : text.toString();
        return line.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Takes out the password, wherever a message repeated it (the url's, or the file's). */
    private static String scrub(String message, String password, GitSettings settings) {
        String text = message;
        if (password != null && !password.isEmpty()) {
            text = text.replace(password, "***");
        }
        try {
            String inUrl = new URIish(settings.url()).getPass();
            if (inUrl != null && !inUrl.isEmpty()) {
                text = text.replace(inUrl, "***");
            }
        } catch (URISyntaxException e) {
            // nothing to take out
        }
        return text.replace(settings.url(), settings.origin());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A pull that failed; the message is one line without a password. */
    static final class PullException extends Exception {
        private static final long serialVersionUID = 1L;

        PullException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
