package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.terrarium.api.data.Point;

/**
 * Debian's {@code influxd} (the {@code influxdb} package, 1.6) on loopback, as an independent judge of line
 * protocol: the same 1.x parser DataKit uses. One process per test class, in a temporary folder, on free ports,
 * stopped by its PID after the class.
 */
final class Influxd implements BeforeAllCallback, AfterAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A point as influxd stored it: fields typed by influxd's own field types. */
    record Stored(String measurement, Map<String, String> tags, Map<String, Object> fields, long time) {

        /** What {@code point} must come back as: line protocol has no empty tag values. */
        static Stored of(Point point) {
            Map<String, String> tags = new TreeMap<>();
            point.tags().forEach((key, value) -> {
                if (!value.isEmpty()) {
                    tags.put(key, value);
                }
            });
            Map<String, Object> fields = new TreeMap<>();
            point.fields().forEach((key, value) -> fields.put(key, value instanceof Integer number
                    ? Long.valueOf(number) : value));
            return new Stored(point.measurement(), tags, fields, point.timeNanos());
        }
    }

    /** influxd's answer to a write: 204, or 400 with its parse error. */
    record WriteResult(int status, String error) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Path dir;
    private Process process;
    private URI base;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("influxd-test");
        int httpPort = freePort();
        int rpcPort = freePort();
        Path conf = dir.resolve("influxd.conf");
        Files.writeString(conf, String.join("\n",
                "reporting-enabled = false",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"", "  logging-enabled = false",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[monitor]", "  store-enabled = false",
                "[subscriber]", "  enabled = false",
                "[retention]", "  enabled = false",
                "[continuous_queries]", "  enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + httpPort + "\"", "  log-enabled = false",
                "[logging]", "  level = \"error\"", ""));
        ProcessBuilder builder = new ProcessBuilder("influxd", "run", "-config", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("influxd is needed as the independent line-protocol parser: "
                    + "apt-get install influxdb (" + e.getMessage() + ")", e);
        }
        base = URI.create("http://127.0.0.1:" + httpPort);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(base.resolve("/ping")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 204) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("influxd.log"));
                afterAll(context);
                throw new IllegalStateException("influxd did not start:\n" + log);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
            if (handle != null) {
                handle.destroy();
                try {
                    handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    handle.destroyForcibly();
                    handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            process = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            dir = null;
        }
    }

    void createDatabase(String db) {
        JsonNode answer = post("/query?q=" + encode("CREATE DATABASE \"" + db + "\""));
        if (answer.path("results").path(0).has("error")) {
            throw new IllegalStateException(answer.toString());
        }
    }

    WriteResult write(String db, byte[] body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    base.resolve("/write?db=" + encode(db) + "&precision=n"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String error = "";
            if (response.statusCode() != 204) {
                JsonNode json = JSON.readTree(response.body());
                error = json.path("error").asText(response.body());
            }
            return new WriteResult(response.statusCode(), error);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every point of every measurement in {@code db}, sorted by measurement, then time. */
    List<Stored> points(String db) {
        Map<String, Map<String, String>> types = new HashMap<>();
        for (JsonNode series : query(db, "SHOW FIELD KEYS").path("results").path(0).path("series")) {
            Map<String, String> byKey = new HashMap<>();
            for (JsonNode row : series.path("values")) {
                byKey.put(row.get(0).asText(), row.get(1).asText());
            }
            types.put(series.path("name").asText(), byKey);
        }
        Map<String, String> typeOfKey = new HashMap<>();
        types.values().forEach(byKey -> byKey.forEach((key, type) -> {
            String other = typeOfKey.put(key, type);
            if (other != null && !other.equals(type)) {
                // one query over several measurements would merge such columns, converting values
                throw new IllegalStateException("field " + key + " is both " + other + " and " + type
                        + " in " + db + ": give the test's fields distinct names");
            }
        }));
        // one query for all: influxd 1.6 finds no data when a measurement holding a comma is named in FROM
        JsonNode result = query(db, "SELECT * FROM /.*/ GROUP BY *").path("results").path(0);
        if (result.has("error")) {
            throw new IllegalStateException(result.toString());
        }
        List<Stored> points = new ArrayList<>();
        for (JsonNode series : result.path("series")) {
            String measurement = series.path("name").asText();
            Map<String, String> tags = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = series.path("tags").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> tag = it.next();
                if (!tag.getValue().asText().isEmpty()) {
                    tags.put(tag.getKey(), tag.getValue().asText());
                }
            }
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(column -> columns.add(column.asText()));
            for (JsonNode row : series.path("values")) {
                Map<String, Object> fields = new TreeMap<>();
                long time = 0;
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode value = row.get(i);
                    if (columns.get(i).equals("time")) {
                        time = value.longValue();
                    } else if (!value.isNull()) {
                        fields.put(columns.get(i), typed(typeOfKey.get(columns.get(i)), value));
                    }
                }
                points.add(new Stored(measurement, tags, fields, time));
            }
        }
        points.sort(Comparator.comparing(Stored::measurement).thenComparingLong(Stored::time));
        return points;
    }

    private static Object typed(String type, JsonNode value) {
        if (type == null) {
            throw new IllegalStateException("no field type for " + value);
        }
        return switch (type) {
            case "integer" -> value.longValue();
            case "float" -> value.doubleValue();
            case "boolean" -> value.booleanValue();
            case "string" -> value.textValue();
            default -> throw new IllegalStateException("field type " + type);
        };
    }

    JsonNode query(String db, String q) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    base.resolve("/query?db=" + encode(db) + "&epoch=ns&q=" + encode(q))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode post(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fails with the first differences (lists of thousands of points are unreadable whole). */
    static void assertSamePoints(List<Stored> expected, List<Stored> actual) {
        List<String> problems = new ArrayList<>();
        java.util.Set<Stored> got = new java.util.HashSet<>(actual);
        java.util.Set<Stored> wanted = new java.util.HashSet<>(expected);
        for (Stored point : expected) {
            if (!got.contains(point) && problems.size() < 10) {
                problems.add("missing:    " + point);
            }
        }
        for (Stored point : actual) {
            if (!wanted.contains(point) && problems.size() < 20) {
                problems.add("unexpected: " + point);
            }
        }
        if (!problems.isEmpty() || expected.size() != actual.size()) {
            throw new org.opentest4j.AssertionFailedError(expected.size() + " points expected, " + actual.size()
                    + " stored\n" + String.join("\n", problems));
        }
    }
}
