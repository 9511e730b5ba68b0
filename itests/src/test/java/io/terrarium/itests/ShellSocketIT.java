package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In plugin mode stdout is Netdata's pipe, so the shell is reachable only through a socket on loopback, and only
 * when configured ({@code TERRARIUM_SHELL_PORT}, as Netdata passes no options).
 */
class ShellSocketIT {

    @TempDir
    Path temp;

    private Distribution.Layout layout() {
        return new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/steady.chart.py", "steady");
    }

    @Test
    void pluginModeServesTheShellOnLoopbackWhenConfiguredAndKeepsThePipeClean() throws Exception {
        int port = freePort();
        Map<String, String> environment = new java.util.HashMap<>(layout().environment());
        environment.put("TERRARIUM_SHELL_PORT", String.valueOf(port));
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                environment, null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            assertEquals(Set.of("127.0.0.1:" + port), listeningSockets(plugin.pid()),
                    "one listening socket, on loopback");

            String output = ask(port, "terrarium:jobs", "running");
            assertTrue(output.lines().anyMatch(line -> line.matches("steady +\\S+ +python\\.d +running .*")), output);

            List<String> notProtocol = plugin.stdoutTexts().stream().filter(line -> !line.isEmpty()
                    && !line.matches("^(BEGIN|SET|END|CHART|DIMENSION|CLABEL|CLABEL_COMMIT|VARIABLE|DISABLE|FUNCTION) .*")
                    && !line.equals("CLABEL_COMMIT") && !line.equals("END")).toList();
            assertEquals(List.of(), notProtocol, "only the protocol on Netdata's pipe");
        }
    }

    @Test
    void pluginModeOpensNoSocketUnlessConfigured() throws Exception {
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout().environment(), null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            assertEquals(Set.of(), listeningSockets(plugin.pid()), "no listening socket");
        }
    }

    /** Sends one command line and reads until the answer holds {@code expected} (Gogo's telnet: plain lines). */
    private static String ask(int port, String command, String expected) throws IOException {
        return String.join("\n", TelnetShell.ask(port, command, line -> line.contains(expected))) + "\n";
    }

    /** The TCP sockets the process listens on, as {@code address:port} (from /proc: IPv4 and IPv6). */
    private static Set<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> rows = new ArrayList<>(Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table)));
            for (String row : rows.subList(1, rows.size())) {
                String[] columns = row.trim().split("\\s+");
                if (columns[3].equals("0A") && inodes.contains(columns[9])) {
                    listening.add(address(columns[1]));
                }
            }
        }
        return listening;
    }

    /**
     * /proc/net/tcp's {@code 0100007F:1F90} as {@code 127.0.0.1:8080}; an IPv4-mapped IPv6 address (Java's sockets
     * are IPv6 ones) as its IPv4 address; {@code ::1} as itself; other IPv6 addresses stay hex.
     */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        if (parts[0].startsWith("0000000000000000FFFF0000")) {
            parts[0] = parts[0].substring(24);
        } else if (parts[0].equals("00000000000000000000000001000000")) {
            return "::1:" + port;
        }
        if (parts[0].length() == 8) {
            long ip = Long.parseLong(parts[0], 16);
            return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff) + ":"
                    + port;
        }
        return parts[0] + ":" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
