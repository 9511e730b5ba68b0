package io.terrarium.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Netdata daemon writes to a plugin's stdin, read in plugin mode on a thread of its own. Netdata 2.x writes
 * {@code QUIT} when it stops a plugin: the plugin stops at once ({@link Listener#quit()}). A function call
 * ({@code FUNCTION}, 1.37 and 2.x) goes to {@link Listener#function} (the Netdata sink's functions answer it);
 * {@code FUNCTION_CANCEL} and {@code FUNCTION_PROGRESS} are logged at debug level (the answers are quick), and a
 * {@code FUNCTION_PAYLOAD} ... {@code FUNCTION_PAYLOAD_END} block (2.x's calls with a body, which no function here
 * takes) is read past whole. Whatever is not understood is ignored, never fatal; the end of stdin (a plugin
 * started with {@code </dev/null}) ends only the reading.
 */
final class NetdataInput {

    private static final Logger LOG = LoggerFactory.getLogger(NetdataInput.class);
    /** How much of an ignored line the debug log shows. */
    private static final int MAX_CHARS_LOGGED = 200;

    /** Told, on the reading thread, what the daemon asked for. */
    interface Listener {
        void quit();

        /** A {@code FUNCTION <transaction> <timeout> "<name> <parameters>"} call, the whole line. */
        default void function(String line) {
        }
    }

    /** The longest stdin line kept: a FUNCTION request is a few hundred characters. */
    static final int MAX_LINE = 65_536;

    private final InputStream in;
    private final Listener listener;

    NetdataInput(InputStream in, Listener listener) {
        this.in = in;
        this.listener = listener;
    }

    /** Starts the daemon thread {@code terrarium-netdata-stdin}; it ends with stdin. */
    void start() {
        Thread reader = new Thread(this::readAll, "terrarium-netdata-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads until the end of input or {@code QUIT}. */
    void readAll() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean inPayload = false;
            for (String line; (line = boundedLine(lines)) != null;) {
                String keyword = keyword(line);
                if (inPayload) {
                    inPayload = !keyword.equals("FUNCTION_PAYLOAD_END");
                    continue;
                }
                switch (keyword) {
                    case "QUIT" -> {
                        listener.quit();
                        return;
                    }
                    case "FUNCTION_PAYLOAD" -> inPayload = true;
                    case "FUNCTION" -> listener.function(line);
                    case "" -> { } // an empty line
                    default -> LOG.debug("Netdata on stdin, ignored: {}", abbreviate(line));
                }
            }
            LOG.debug("Netdata's input ended");
        } catch (IOException e) {
            LOG.debug("reading Netdata's input: {}", e.toString());
        }
    }

    /**
     * The next line, its first {@value #MAX_LINE} characters only (the rest is read and dropped: whatever the input,
     * memory stays bounded); null at the end of input.
     */
    static String boundedLine(java.io.Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean dropped = false;
        for (int c; (c = in.read()) >= 0;) {
            if (c == '\n') {
                return finish(line, dropped);
            }
            if (line.length() < MAX_LINE) {
                line.append((char) c);
            } else {
                dropped = true;
            }
        }
        return line.length() == 0 && !dropped ? null : finish(line, dropped);
    }

    private static String finish(StringBuilder line, boolean dropped) {
        if (dropped) {
            LOG.debug("Netdata on stdin: a line longer than {} characters, cut", MAX_LINE);
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private static String keyword(String line) {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    private static String abbreviate(String line) {
        return line.length() <= MAX_CHARS_LOGGED ? line : line.substring(0, MAX_CHARS_LOGGED) + "...";
    }
}
