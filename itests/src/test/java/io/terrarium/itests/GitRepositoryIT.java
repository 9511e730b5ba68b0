package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.source.git.testing.GitDaemon;
import io.terrarium.source.git.testing.GitHttpServer;
import io.terrarium.source.git.testing.GitRemote;
import io.terrarium.source.git.testing.SshServer;

/**
 * Git repositories as job sources, end to end: the distribution runs headless with two repositories configured in
 * {@code deploy/} (one served by Debian's {@code git daemon}, pulled every second; one by {@code git http-backend}
 * behind basic authentication, with its password in a file and a pull interval of an hour, so only the shell's
 * reload pulls it), while commits are pushed: a changed module, a new one, a deleted one, a commit that does not
 * parse, a force push, and the server stopped and started again; then one added and deleted from the shell, and one
 * over ssh (Debian's OpenSSH server on loopback, an encrypted key). Only the jobs a commit changes restart; the
 * operator's conf.d keeps the module names it has.
 */
class GitRepositoryIT {

    private static final long WAIT = 60_000;
    private static final String END = "END-OF-TABLE";
    private static final String PASSWORD = "t0ken-that-must-never-be-logged";

    @TempDir
    Path temp;

    @Test
    void repositoriesRunTheirJobsAndFollowEveryKindOfPush() throws Exception {
        Path served = temp.resolve("served");
        GitRemote ops = new GitRemote(served, temp.resolve("work"), "ops", "main");
        ops.write("python.d/hello.chart.py", module("hello", 1))
                .write("conf.d/python.d/hello.conf", "one:\n  update_every: 1\ntwo:\n  update_every: 1\n")
                .write("python.d/steady.chart.py", module("steady", 5))
                .write("conf.d/python.d/steady.conf", "local:\n  update_every: 1\n")
                .write("python.d/clash.chart.py", module("clash", 7))
                .write("conf.d/datakit/gitdk.conf", "[[inputs.pythond]]\n  name = 'gitdk'\n  cmd = \"python3\"\n"
                        + "  dirs = [\"gitdk\"]\n")
                .write("python.d/gitdk/gitdk.py", datakitScript());
        String first = ops.commitAndPush("first");
        GitRemote secure = new GitRemote(served, temp.resolve("work"), "secure", "main");
        secure.write("python.d/guarded.chart.py", module("guarded", 3))
                .write("conf.d/python.d/guarded.conf", "local:\n  update_every: 1\n");
        secure.commitAndPush("first");

        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve("deploy"));
        // the operator's own module of a name the repository also has: conf.d's wins
        Files.createDirectories(home.resolve("python.d"));
        Files.writeString(home.resolve("python.d/clash.chart.py"), module("clash", 8));
        Files.createDirectories(home.resolve("conf.d/python.d"));
        Files.writeString(home.resolve("conf.d/python.d/clash.conf"), "mine:\n  update_every: 1\n");
        Path secret = home.resolve("git-password");
        Files.writeString(secret, PASSWORD + "\n");

        try (GitDaemon daemon = new GitDaemon(served, temp.resolve("daemon.log"));
                GitHttpServer http = new GitHttpServer(served, "terrarium", PASSWORD)) {
            Files.writeString(home.resolve("deploy/io.terrarium.config.git-ops.cfg"),
                    "url = " + daemon.url("ops") + "\nbranch = main\npullInterval = 1s\ntimeout = 5s\n");
            Files.writeString(home.resolve("deploy/io.terrarium.config.git-secure.cfg"),
                    "url = " + http.url("secure") + "\nbranch = main\npullInterval = 1h\nusername = terrarium\n"
                            + "passwordFile = git-password\n");
            int port = freePort();
            try (PluginProcess container = new PluginProcess(Distribution.command(
                    Distribution.home().resolve("bin/terrarium"), "--headless", "--telnet", String.valueOf(port),
                    "--home", home.toString()), new HashMap<>(), home)) {

                // the first checkout: every job of both repositories, the clash from conf.d only
                Map<String, Map<String, String>> jobs = awaitJobs(port, "both repositories' jobs running",
                        all -> running(all, "hello/one", "hello/two", "steady/local", "guarded/local", "clash/mine")
                                && all.values().stream().anyMatch(row -> row.get("KIND").equals("pythond")
                                        && row.get("SOURCE").equals("ops") && row.get("STATE").equals("running")));
                assertEquals("ops", jobs.get("hello/one").get("SOURCE"));
                assertEquals("secure", jobs.get("guarded/local").get("SOURCE"));
                assertEquals("conf.d", jobs.get("clash/mine").get("SOURCE"));
                assertFalse(jobs.containsKey("clash/clash"), "the repository's clash module does not run: " + jobs);
                awaitLog(container, "conf.d's clash wins, said once",
                        line -> line.contains("git repository ops at " + first.substring(0, 12)
                                + ": module clash is not run from this repository: conf.d has a module of the same"
                                + " name"));
                Map<String, String> source = sources(port).get("ops");
                assertEquals("git", source.get("KIND"));
                assertEquals(daemon.url("ops"), source.get("ORIGIN"));
                assertEquals(first.substring(0, 12), source.get("COMMIT"));
                assertEquals("-", source.get("ERROR"));
                assertEquals(http.url("secure"), sources(port).get("secure").get("ORIGIN"));

                // a changed module restarts its jobs only
                awaitJobs(port, "steady has run a while", all -> runs(all, "steady/local") >= 8);
                long steadyBefore = runs(jobs(port), "steady/local");
                ops.write("python.d/hello.chart.py", module("hello", 2));
                String changed = ops.commitAndPush("hello collects 2");
                awaitSource(port, "ops", changed);
                jobs = awaitJobs(port, "hello restarted", all -> running(all, "hello/one", "hello/two")
                        && runs(all, "hello/one") < 6);
                assertTrue(runs(jobs, "steady/local") >= steadyBefore, "steady kept running, not restarted: " + jobs);

                // a new module, then its deletion
                ops.write("python.d/added.chart.py", module("added", 4))
                        .write("conf.d/python.d/added.conf", "local:\n  update_every: 1\n");
                awaitSource(port, "ops", ops.commitAndPush("added"));
                awaitJobs(port, "the added job runs", all -> running(all, "added/local"));
                ops.delete("python.d/added.chart.py").delete("conf.d/python.d/added.conf");
                awaitSource(port, "ops", ops.commitAndPush("added goes"));
                awaitJobs(port, "the added job is gone", all -> !all.containsKey("added/local"));

                // a commit that does not parse: one line naming commit, file and line; hello keeps its jobs
                long steadyBeforeBroken = runs(jobs(port), "steady/local");
                ops.write("conf.d/python.d/hello.conf", "one:\n  update_every: [1\n");
                String broken = ops.commitAndPush("broken yaml");
                awaitSource(port, "ops", broken);
                awaitLog(container, "the broken commit is named with its file and line",
                        line -> line.contains("git repository ops at " + broken.substring(0, 12) + ": module hello: "
                                + "conf.d/python.d/hello.conf:3:") && line.contains("keeping hello's 2 running job"));
                jobs = awaitJobs(port, "hello keeps running", all -> running(all, "hello/one", "hello/two")
                        && runs(all, "steady/local") > steadyBeforeBroken + 2);

                // a force push that rewrites the broken commit away
                ops.write("conf.d/python.d/hello.conf", "one:\n  update_every: 1\nthree:\n  update_every: 1\n");
                String rewritten = ops.forcePush(changed, "hello: one and three");
                awaitSource(port, "ops", rewritten);
                awaitJobs(port, "the force-pushed jobs", all -> running(all, "hello/one", "hello/three")
                        && !all.containsKey("hello/two"));

                // the server goes away: the checkout keeps running, the error shows; back, reload pulls at once
                daemon.stop();
                ops.write("conf.d/python.d/steady.conf", "local:\n  update_every: 1\nafter:\n  update_every: 1\n");
                String whileDown = ops.commitAndPush("while the server is down");
                awaitSources(port, "the pull error shows", all -> !all.get("ops").get("ERROR").equals("-"));
                awaitLog(container, "one line about the unreachable remote",
                        line -> line.contains("git repository ops: cannot pull " + daemon.url("ops"))
                                && line.contains("commit " + rewritten.substring(0, 12) + " keeps running"));
                long steadyWhileDown = runs(jobs(port), "steady/local");
                Thread.sleep(2500);
                assertTrue(runs(jobs(port), "steady/local") > steadyWhileDown, "jobs run while the remote is down");
                daemon.start();
                secure.write("python.d/more.chart.py", module("more", 6))
                        .write("conf.d/python.d/more.conf", "local:\n  update_every: 1\n");
                String secureSecond = secure.commitAndPush("more");
                String reload = String.join("\n", TelnetShell.ask(port, "terrarium:reload",
                        line -> line.startsWith("secure: ")));
                assertTrue(reload.contains("ops: "), reload);
                assertEquals(whileDown.substring(0, 12), sources(port).get("ops").get("COMMIT"), "reload pulled");
                assertEquals("-", sources(port).get("ops").get("ERROR"));
                assertEquals(secureSecond.substring(0, 12), sources(port).get("secure").get("COMMIT"));
                awaitJobs(port, "both commits' new jobs", all -> running(all, "steady/after", "more/local"));
                awaitLog(container, "the recovery is said", line -> line.contains("git repository ops: pulled from "
                        + daemon.url("ops") + " again after"));

                // a repository added and deleted from the shell
                GitRemote extra = new GitRemote(served, temp.resolve("work"), "extra", "main");
                extra.write("python.d/extra.chart.py", module("extra", 9))
                        .write("conf.d/python.d/extra.conf", "local:\n  update_every: 1\n");
                extra.commitAndPush("first");
                String added = String.join("\n", TelnetShell.ask(port, "terrarium:repo-add extra url="
                        + daemon.url("extra") + " branch=main pullInterval=1s", line -> line.contains("repository")));
                assertTrue(added.contains("added repository extra as configuration io.terrarium.config.git~extra"),
                        added);
                awaitJobs(port, "the shell's repository runs", all -> running(all, "extra/local")
                        && "extra".equals(all.get("extra/local").get("SOURCE")));
                Path checkout = home.resolve("data/gitrepos/extra");
                assertTrue(Files.isRegularFile(checkout.resolve("python.d/extra.chart.py")));
                String deleted = String.join("\n", TelnetShell.ask(port, "terrarium:repo-delete extra",
                        line -> line.contains("repository")));
                assertTrue(deleted.contains("deleted repository extra (configuration io.terrarium.config.git~extra)"),
                        deleted);
                awaitJobs(port, "its jobs stop", all -> !all.containsKey("extra/local"));
                awaitLog(container, "its checkout goes", line -> line.contains("git repository extra: configuration"
                        + " deleted; removed its checkout"));
                assertFalse(Files.exists(checkout));

                // over ssh, with an encrypted key and the server's host key in a known_hosts file
                GitRemote viaSsh = new GitRemote(served, temp.resolve("work"), "sshrepo", "main");
                viaSsh.write("python.d/sshmod.chart.py", module("sshmod", 11))
                        .write("conf.d/python.d/sshmod.conf", "local:\n  update_every: 1\n");
                String sshCommit = viaSsh.commitAndPush("first");
                try (SshServer ssh = new SshServer(temp.resolve("ssh"), PASSWORD + "-key")) {
                    Files.writeString(home.resolve("deploy/io.terrarium.config.git-viassh.cfg"),
                            "url = " + ssh.url(viaSsh.bare()) + "\nbranch = main\nsshKeyFile = " + ssh.clientKey()
                                    + "\nsshKeyPasswordFile = " + ssh.passphraseFile() + "\nknownHostsFile = "
                                    + ssh.knownHosts() + "\n");
                    awaitSource(port, "viassh", sshCommit);
                    awaitJobs(port, "the ssh repository's job", all -> running(all, "sshmod/local")
                            && "viassh".equals(all.get("sshmod/local").get("SOURCE")));
                }

                List<String> output = output(container);
                assertTrue(output.stream().noneMatch(line -> line.contains(PASSWORD)),
                        "neither the password nor the key's passphrase is ever logged");
                assertTrue(http.refused() >= 1 && http.served() >= 2, "the http server asked for and got credentials");
            }
        }
    }

    /** A python.d module whose one chart has one dimension, collecting {@code value} every tick. */
    private static String module(String name, int value) {
        return "from bases.FrameworkServices.SimpleService import SimpleService\n"
                + "ORDER = ['" + name + "']\n"
                + "CHARTS = {'" + name + "': {'options': [None, '" + name + "', 'n', 'git', 'git." + name
                + "', 'line'], 'lines': [['v']]}}\n"
                + "class Service(SimpleService):\n"
                + "    def __init__(self, configuration=None, name=None):\n"
                + "        SimpleService.__init__(self, configuration=configuration, name=name)\n"
                + "        self.order = ORDER\n"
                + "        self.definitions = CHARTS\n"
                + "    def check(self):\n"
                + "        return True\n"
                + "    def get_data(self):\n"
                + "        return {'v': " + value + "}\n";
    }

    private static String datakitScript() {
        return "from datakit_framework import DataKitFramework\n"
                + "class GitDk(DataKitFramework):\n"
                + "    name = 'GitDk'\n"
                + "    interval = 1\n"
                + "    def run(self):\n"
                + "        return self.feed_metric(input='git', measurement='gitdk', tags={'t': 'x'},"
                + " fields={'v': 1})\n";
    }

    private static boolean running(Map<String, Map<String, String>> jobs, String... ids) {
        for (String id : ids) {
            Map<String, String> row = jobs.get(id);
            if (row == null || !row.get("STATE").equals("running")) {
                return false;
            }
        }
        return true;
    }

    private static long runs(Map<String, Map<String, String>> jobs, String id) {
        Map<String, String> row = jobs.get(id);
        return row == null || row.get("RUNS").equals("-") ? 0 : Long.parseLong(row.get("RUNS"));
    }

    /** {@code terrarium:jobs} by {@code module/job}. */
    private static Map<String, Map<String, String>> jobs(int port) throws IOException {
        return table(TelnetShell.ask(port, "echo (terrarium:jobs) " + END, line -> line.endsWith(END)), "MODULE",
                row -> row.get("MODULE") + "/" + row.get("JOB"));
    }

    private static Map<String, Map<String, String>> sources(int port) throws IOException {
        return table(TelnetShell.ask(port, "echo (terrarium:sources) " + END, line -> line.endsWith(END)), "SOURCE",
                row -> row.get("SOURCE"));
    }

    /**
     * Every row of the table the answer holds, cut at the header's column starts. Gogo prints only a line's last
     * result, so the table comes as {@code echo}'s first argument, {@link #END} after it ends the last row.
     */
    private static Map<String, Map<String, String>> table(List<String> answer, String first,
            java.util.function.Function<Map<String, String>, String> key) {
        Map<String, Map<String, String>> rows = new HashMap<>();
        String header = answer.stream().filter(line -> line.contains(first + " ")).findFirst().orElse(null);
        if (header == null) {
            return rows;
        }
        int offset = header.indexOf(first + " ");
        List<String> lines = answer.subList(answer.indexOf(header) + 1, answer.size());
        for (String raw : lines) {
            String text = raw.endsWith(" " + END) ? raw.substring(0, raw.length() - END.length() - 1) : raw;
            if (text.isBlank() || text.startsWith("g! ")) {
                continue;
            }
            String line = text; // only the header follows Gogo's prompt
            String name = line.split(" ", 2)[0];
            Map<String, String> row = TelnetShell.row(List.of(header.substring(offset), line), first, name);
            rows.put(key.apply(row), row);
        }
        return rows;
    }

    private static Map<String, Map<String, String>> awaitJobs(int port, String what,
            Predicate<Map<String, Map<String, String>>> done) throws Exception {
        return await(what, () -> jobs(port), done);
    }

    private static void awaitSources(int port, String what, Predicate<Map<String, Map<String, String>>> done)
            throws Exception {
        await(what, () -> sources(port), done);
    }

    private static void awaitSource(int port, String name, String commit) throws Exception {
        awaitSources(port, name + " at " + commit, all -> all.containsKey(name)
                && all.get(name).get("COMMIT").equals(commit.substring(0, 12)));
    }

    private interface Table {
        Map<String, Map<String, String>> read() throws IOException;
    }

    private static Map<String, Map<String, String>> await(String what, Table table,
            Predicate<Map<String, Map<String, String>>> done) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT;
        Map<String, Map<String, String>> last = Map.of();
        while (System.currentTimeMillis() < deadline) {
            try {
                last = table.read();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // the shell is not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within " + WAIT / 1000 + " s; last: " + last);
    }

    private static void awaitLog(PluginProcess container, String what, Predicate<String> line) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT;
        while (System.currentTimeMillis() < deadline) {
            if (output(container).stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no log line: " + what + "; the log ends: " + PluginProcess.tail(output(container)));
    }

    private static List<String> output(PluginProcess container) {
        List<String> all = new ArrayList<>(container.stdoutTexts());
        all.addAll(container.stderr);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
