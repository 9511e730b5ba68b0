package io.terrarium.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;

/**
 * Shell mode with stdin piped ({@code echo lb | bin/terrarium}): runs the commands read from stdin through Gogo, one
 * line at a time (a line that leaves a brace or quote open continues on the next), printing each result as gosh
 * does and each error on stderr. It starts once every bundle has started, so the output never depends on start-up
 * timing, and it reports whether every command succeeded.
 */
final class PipedCommands {

    private final BundleContext context;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    PipedCommands(BundleContext context, InputStream in, PrintStream out, PrintStream err) {
        this.context = context;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs every command until the input ends; true when all succeeded. */
    boolean runAll() {
        boolean ok = true;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try (GogoSession session = GogoSession.open(context, InputStream.nullInputStream(), out, err)) {
            StringBuilder pending = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (pending.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                pending.append(line).append('\n');
                try {
                    String result = session.execute(pending);
                    if (result != null) {
                        out.println(result);
                    }
                } catch (Exception e) {
                    if (isIncomplete(e)) {
                        continue;
                    }
                    ok = false;
                    err.println("gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                out.flush();
                pending.setLength(0);
            }
            if (!pending.isEmpty()) {
                ok = false;
                err.println("gogo: the input ended inside a command: " + pending.toString().strip());
            }
        } catch (IOException e) {
            ok = false;
            err.println("terrarium: cannot read stdin: " + e.getMessage());
        } catch (IllegalStateException e) {
            ok = false;
            err.println("terrarium: " + e.getMessage());
        }
        out.flush();
        return ok;
    }

    /**
     * Gogo's parser throws EOFError when a line leaves a brace, bracket or quote open (the session hands it on
     * wrapped in a java.io.EOFException).
     */
    private static boolean isIncomplete(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals("org.apache.felix.gogo.runtime.EOFError")) {
                    return true;
                }
            }
        }
        return false;
    }
}
