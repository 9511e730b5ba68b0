package io.terrarium.source.git.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server on a loopback port, for git over ssh: its own host key, one authorized client key (made
 * with a passphrase), publickey authentication only, logging in as the user the tests run as. The repositories are
 * reached by absolute path ({@code ssh://<user>@127.0.0.1:<port>/<path>.git}). {@link #close()} ends it by PID.
 */
public final class SshServer implements AutoCloseable {

    private static final String SSHD = "/usr/sbin/sshd";

    private final int port;
    private final Path clientKey;
    private final Path passphrase;
    private final Path knownHosts;
    private final Process process;

    /** @param dir an empty folder for keys, configuration and the log */
    public SshServer(Path dir, String keyPassphrase) throws IOException {
        Files.createDirectories(dir);
        port = GitDaemon.freePort();
        Path hostKey = dir.resolve("host_key");
        clientKey = dir.resolve("client_key");
        keygen(hostKey, "");
        keygen(clientKey, keyPassphrase);
        passphrase = dir.resolve("client_key.passphrase");
        Files.writeString(passphrase, keyPassphrase + "\n");
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(Path.of(clientKey + ".pub"), authorized);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " "
                + Files.readString(Path.of(hostKey + ".pub"), StandardCharsets.US_ASCII).strip() + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + authorized,
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "PidFile none",
                "") + "\n");
        // sshd wants its privilege separation folder; the package creates it only under systemd
        Files.createDirectories(Path.of("/run/sshd"));
        process = new ProcessBuilder(List.of(SSHD, "-D", "-e", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log")
                        .toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("sshd does not listen on " + port + ": "
                            + Files.readString(dir.resolve("sshd.log")));
                }
                GitDaemon.sleep(50);
            }
        }
    }

    /** {@code ssh://<user>@127.0.0.1:<port><absolute path>}. */
    public String url(Path repository) {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repository.toAbsolutePath();
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path passphraseFile() {
        return passphrase;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() {
        Processes.end(process.toHandle());
    }

    private static void keygen(Path key, String passphrase) {
        GitCli.runProgram(key.getParent(), "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", passphrase, "-f",
                key.toString());
    }
}
