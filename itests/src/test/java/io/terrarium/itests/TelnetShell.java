package io.terrarium.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The shell of a plugin-mode container over {@code TERRARIUM_SHELL_PORT} (Gogo's telnet: plain lines). */
final class TelnetShell {

    private TelnetShell() {
    }

    /** Sends one command line and reads until a line of the answer matches {@code last}; returns what it read. */
    static List<String> ask(int port, String command, Predicate<String> last) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                seen.add(line);
                if (last.test(line)) {
                    return seen;
                }
            }
            throw new AssertionError("the shell closed without answering " + command + "; it said: " + seen);
        }
    }

    /**
     * The row of a table whose first cell is {@code first}, by column: cells are cut at the header's column starts
     * (a cell may hold spaces, as the Netdata sink's target does).
     */
    static Map<String, String> row(List<String> answer, String headerStart, String first) {
        String header = answer.stream().filter(line -> line.contains(headerStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no table in " + answer));
        header = header.substring(header.indexOf(headerStart));
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) != ' ' && (i == 0 || header.charAt(i - 1) == ' ')) {
                starts.add(i);
                int end = header.indexOf(' ', i);
                names.add(header.substring(i, end < 0 ? header.length() : end));
            }
        }
        for (String line : answer) {
            if (line.startsWith(first + " ")) {
                Map<String, String> cells = new LinkedHashMap<>();
                for (int c = 0; c < names.size(); c++) {
                    int from = Math.min(starts.get(c), line.length());
                    int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
                    cells.put(names.get(c), line.substring(from, to).trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in " + answer);
    }
}
