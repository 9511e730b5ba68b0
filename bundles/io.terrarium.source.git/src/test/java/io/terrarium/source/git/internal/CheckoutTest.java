package io.terrarium.source.git.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.source.git.testing.GitDaemon;
import io.terrarium.source.git.testing.GitHttpServer;
import io.terrarium.source.git.testing.GitRemote;
import io.terrarium.source.git.testing.SshServer;

/**
 * {@link Checkout} against Debian's git serving real repositories on loopback: {@code git daemon} and
 * {@code git http-backend} behind basic authentication, with commits pushed between pulls.
 */
class CheckoutTest {

    @TempDir
    Path temp;

    private GitRemote remote(String branch) {
        GitRemote remote = new GitRemote(temp.resolve("served"), temp.resolve("work"), "ops", branch);
        remote.write("python.d/hello.chart.py", "# one\n").write("conf.d/python.d/hello.conf", "one: {}\n");
        remote.commitAndPush("first");
        return remote;
    }

    private static GitSettings settings(String url, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(more);
        values.put("url", url);
        values.putIfAbsent("branch", "main");
        values.putIfAbsent("timeout", "5s");
        return GitSettings.of("ops", Configs.of(values), Path.of("/"));
    }

    @Test
    void followsTheBranchOverGitDaemonThroughChangesDeletionsAndAForcePush() throws Exception {
        GitRemote remote = remote("main");
        try (GitDaemon daemon = new GitDaemon(temp.resolve("served"), temp.resolve("daemon.log"))) {
            GitSettings settings = settings(daemon.url("ops"), Map.of());
            Checkout checkout = new Checkout(temp.resolve("gitrepos/ops"));
            assertEquals(Optional.empty(), checkout.revision());

            assertEquals(remote.head(), checkout.pull(settings));
            assertEquals("# one\n", read(checkout, "python.d/hello.chart.py"));
            assertEquals(Optional.of(remote.head()), checkout.revision());
            assertEquals(remote.head(), checkout.pull(settings), "nothing new: the same commit");

            String first = remote.head();
            remote.write("python.d/hello.chart.py", "# two\n").write("python.d/new.chart.py", "# new\n");
            String second = remote.commitAndPush("second");
            assertEquals(second, checkout.pull(settings));
            assertEquals("# two\n", read(checkout, "python.d/hello.chart.py"));
            assertEquals("# new\n", read(checkout, "python.d/new.chart.py"));

            remote.delete("python.d/new.chart.py");
            String third = remote.commitAndPush("third");
            Files.writeString(checkout.folder().resolve("python.d/hello.chart.py"), "# edited in place\n");
            assertEquals(third, checkout.pull(settings));
            assertFalse(Files.exists(checkout.folder().resolve("python.d/new.chart.py")), "deleted upstream");
            assertEquals("# two\n", read(checkout, "python.d/hello.chart.py"), "a local edit does not stay");

            remote.write("python.d/hello.chart.py", "# rewritten\n");
            String rewritten = remote.forcePush(first, "rewritten history");
            assertEquals(rewritten, checkout.pull(settings), "a force push is followed");
            assertEquals("# rewritten\n", read(checkout, "python.d/hello.chart.py"));
        }
    }

    @Test
    void anUnreachableRemoteKeepsTheCheckoutAndAFailedFirstCloneLeavesNothing() throws Exception {
        GitRemote remote = remote("main");
        GitDaemon daemon = new GitDaemon(temp.resolve("served"), temp.resolve("daemon.log"));
        try {
            GitSettings settings = settings(daemon.url("ops"), Map.of());
            Checkout checkout = new Checkout(temp.resolve("gitrepos/ops"));
            String first = checkout.pull(settings);

            daemon.stop();
            remote.write("python.d/hello.chart.py", "# while down\n").commitAndPush("second");
            Checkout.PullException down = assertThrows(Checkout.PullException.class, () -> checkout.pull(settings));
            assertTrue(down.getMessage().contains(daemon.url("ops")), down.getMessage());
            assertEquals(Optional.of(first), checkout.revision());
            assertEquals("# one\n", read(checkout, "python.d/hello.chart.py"));

            Checkout fresh = new Checkout(temp.resolve("gitrepos/other"));
            assertThrows(Checkout.PullException.class, () -> fresh.pull(settings));
            assertFalse(Files.exists(fresh.folder()), "no half clone");
            try (var left = Files.list(temp.resolve("gitrepos"))) {
                assertEquals(1, left.count(), "only the good checkout, no partial folder");
            }

            daemon.start();
            assertEquals(remote.head(), checkout.pull(settings));
            assertEquals("# while down\n", read(checkout, "python.d/hello.chart.py"));
        } finally {
            daemon.close();
        }
    }

    @Test
    void aMissingBranchIsNamed() throws Exception {
        remote("main");
        try (GitDaemon daemon = new GitDaemon(temp.resolve("served"), temp.resolve("daemon.log"))) {
            Checkout checkout = new Checkout(temp.resolve("gitrepos/ops"));
            Checkout.PullException missing = assertThrows(Checkout.PullException.class,
                    () -> checkout.pull(settings(daemon.url("ops"), Map.of("branch", "nope"))));
            assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
            assertFalse(Files.exists(checkout.folder()));

            checkout.pull(settings(daemon.url("ops"), Map.of()));
            Checkout.PullException gone = assertThrows(Checkout.PullException.class,
                    () -> checkout.pull(settings(daemon.url("ops"), Map.of("branch", "nope"))));
            assertEquals("Remote does not have refs/heads/nope available for fetch.", gone.getMessage());
        }
    }

    @Test
    void httpWithBasicAuthenticationReadsThePasswordFromItsFileAndNeverShowsIt() throws Exception {
        GitRemote remote = remote("main");
        String password = "pa55-w0rd-never-logged";
        try (GitHttpServer http = new GitHttpServer(temp.resolve("served"), "ops", password)) {
            Path secret = temp.resolve("secret");
            Files.writeString(secret, password + "\n");
            Checkout checkout = new Checkout(temp.resolve("gitrepos/ops"));
            GitSettings good = settings(http.url("ops"), Map.of("username", "ops", "passwordFile", secret.toString()));
            assertEquals(remote.head(), checkout.pull(good));
            assertTrue(http.served() > 0);

            remote.write("conf.d/python.d/hello.conf", "one: {}\ntwo: {}\n");
            assertEquals(remote.commitAndPush("second"), checkout.pull(good));

            Files.writeString(secret, "wrong-" + password + "\n");
            int refused = http.refused();
            Checkout.PullException wrong = assertThrows(Checkout.PullException.class, () -> checkout.pull(good));
            assertTrue(http.refused() > refused);
            assertFalse(wrong.getMessage().contains(password), wrong.getMessage());
            assertTrue(wrong.getMessage().toLowerCase().contains("not authorized")
                    || wrong.getMessage().toLowerCase().contains("authentication"), wrong.getMessage());

            String inUrl = http.url("ops").replace("http://", "http://ops:wrong-" + password + "@");
            Checkout.PullException viaUrl = assertThrows(Checkout.PullException.class,
                    () -> new Checkout(temp.resolve("gitrepos/url")).pull(settings(inUrl, Map.of())));
            assertFalse(viaUrl.getMessage().contains(password), viaUrl.getMessage());

            Checkout.PullException none = assertThrows(Checkout.PullException.class,
                    () -> new Checkout(temp.resolve("gitrepos/none")).pull(settings(http.url("ops"), Map.of())));
            assertFalse(none.getMessage().isBlank());

            Files.delete(secret);
            Checkout.PullException unreadable = assertThrows(Checkout.PullException.class, () -> checkout.pull(good));
            assertEquals("cannot read passwordFile " + secret + ": NoSuchFileException", unreadable.getMessage());
        }
    }

    @Test
    void sshWithAnEncryptedKeyAndKnownHostsOnly() throws Exception {
        GitRemote remote = remote("main");
        try (SshServer ssh = new SshServer(temp.resolve("ssh"), "key-passphrase-never-logged")) {
            Map<String, String> keys = Map.of("sshKeyFile", ssh.clientKey().toString(), "sshKeyPasswordFile",
                    ssh.passphraseFile().toString(), "knownHostsFile", ssh.knownHosts().toString());
            Checkout checkout = new Checkout(temp.resolve("gitrepos/ops"));
            GitSettings settings = settings(ssh.url(remote.bare()), keys);
            assertEquals(remote.head(), checkout.pull(settings));
            assertEquals("# one\n", read(checkout, "python.d/hello.chart.py"));
            remote.write("python.d/hello.chart.py", "# two\n");
            assertEquals(remote.commitAndPush("second"), checkout.pull(settings));
            assertEquals("# two\n", read(checkout, "python.d/hello.chart.py"));

            // a host key that is not the server's is refused
            Path otherHosts = temp.resolve("other_known_hosts");
            Files.writeString(otherHosts, Files.readString(ssh.knownHosts()).replaceAll("AAAA[^ ]{20}", "AAAA"
                    + "E2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA"));
            Map<String, String> wrongHost = new HashMap<>(keys);
            wrongHost.put("knownHostsFile", otherHosts.toString());
            Checkout.PullException unknown = assertThrows(Checkout.PullException.class,
                    () -> new Checkout(temp.resolve("gitrepos/host")).pull(settings(ssh.url(remote.bare()),
                            wrongHost)));
            assertTrue(unknown.getMessage().contains("Server key did not validate"), unknown.getMessage());

            // a wrong passphrase fails, and neither passphrase shows
            Path wrong = temp.resolve("wrong-passphrase");
            Files.writeString(wrong, "not-the-passphrase\n");
            Map<String, String> wrongKey = new HashMap<>(keys);
            wrongKey.put("sshKeyPasswordFile", wrong.toString());
            Checkout.PullException refused = assertThrows(Checkout.PullException.class,
                    () -> new Checkout(temp.resolve("gitrepos/key")).pull(settings(ssh.url(remote.bare()), wrongKey)));
            assertTrue(refused.getMessage().contains("publickey"), refused.getMessage());
            assertFalse(refused.getMessage().contains("not-the-passphrase"), refused.getMessage());
            assertFalse(refused.getMessage().contains("key-passphrase-never-logged"), refused.getMessage());
        }
    }

    private static String read(Checkout checkout, String path) throws IOException {
        return Files.readString(checkout.folder().resolve(path));
    }
}
