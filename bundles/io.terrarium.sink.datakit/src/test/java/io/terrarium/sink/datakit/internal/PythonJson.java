package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python's json module as the independent judge of the JSON bodies the sink writes (influxd takes line protocol
 * only): Debian's python3 reads a body and prints each point as one line, {@code measurement}, tags and fields with
 * their Python types ({@code int}, {@code float}, {@code bool}, {@code str}) and values, and {@code time}, keys
 * sorted, in its own JSON encoding (ASCII escapes). The tests compare those lines with what they expect.
 */
final class PythonJson {

    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "points = json.loads(sys.stdin.buffer.read().decode('utf-8'))",
            "assert isinstance(points, list), 'not an array'",
            "for p in points:",
            "    assert set(p) == {'measurement', 'tags', 'fields', 'time'}, sorted(p)",
            "    assert all(isinstance(v, str) for v in p['tags'].values()), p['tags']",
            "    fields = {k: [type(v).__name__, v] for k, v in p['fields'].items()}",
            "    print(json.dumps([p['measurement'], p['tags'], fields, p['time']], sort_keys=True))");

    private PythonJson() {
    }

    /** Each point of the body as Python read it, one line each. */
    static List<String> points(String body) {
        Result result = run(body);
        if (result.status != 0) {
            throw new AssertionError("python3 could not read the body: " + result.output + "\n" + body);
        }
        return result.output.isEmpty() ? List.of() : List.of(result.output.split("\n"));
    }

    /** Why Python cannot read the body as an array of points, or null. */
    static String problem(String body) {
        Result result = run(body);
        return result.status == 0 ? null : result.output.strip();
    }

    /** What {@link #points} prints for a point, built here from the expected values. */
    static String expected(String measurement, java.util.Map<String, String> tags,
            java.util.Map<String, Object> fields, long time) {
        StringBuilder line = new StringBuilder("[").append(quote(measurement)).append(", {");
        tags.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(tag -> line
                .append(line.charAt(line.length() - 1) == '{' ? "" : ", ").append(quote(tag.getKey())).append(": ")
                .append(quote(tag.getValue())));
        line.append("}, {");
        fields.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(field -> {
            Object value = field.getValue();
            String typed = value instanceof String text ? "[\"str\", " + quote(text) + "]"
                    : value instanceof Boolean flag ? "[\"bool\", " + flag + "]"
                    : value instanceof Double number ? "[\"float\", " + number + "]"
                    : "[\"int\", " + value + "]";
            line.append(line.charAt(line.length() - 1) == '{' ? "" : ", ").append(quote(field.getKey())).append(": ")
                    .append(typed);
        });
        return line.append("}, ").append(time).append("]").toString();
    }

    /** A string as Python's json.dumps writes it (ensure_ascii). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record Result(int status, String output) {
    }

    /** The calling thread was interrupted (a server stopping): no judgement. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private static Result run(String body) {
        Process process = null;
        try {
            process = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(body.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("python3 did not finish");
            }
            return new Result(process.exitValue(), output.strip());
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Interrupted();
            }
            throw new AssertionError("cannot run python3", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } finally {
            if (process != null) {
                process.destroyForcibly(); // ends it by its PID when it is still there (a timeout, an interrupt)
            }
        }
    }
}
