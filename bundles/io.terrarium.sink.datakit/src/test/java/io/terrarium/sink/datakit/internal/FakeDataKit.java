package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for DataKit's write API on loopback, answering as DataKit does: {@code POST /v1/write/<category>}
 * gives 200 with an empty body, or 400 with {@code {"error_code": ..., "message": ...}}; {@code GET /v1/ping}
 * gives 200 with DataKit's JSON. Every body goes to influxd ({@code <prefix>_<category>} database), so the line
 * protocol is judged by an independent parser, and a body influxd refuses is answered 400
 * {@code datakit.invalidLinePoint} with influxd's error and remembered. Scripted answers (500, 429, ...) and
 * delays can be queued; {@link #stop()} and {@link #start()} take the port down and up.
 */
final class FakeDataKit implements AutoCloseable {

    private static final Set<String> CATEGORIES = Set.of("metric", "logging", "object", "custom_object", "keyevent",
            "network", "tracing", "security", "rum");

    /** One write request as received; {@code json} when its Content-Type was application/json, {@code status} -1 when
     * its answer could not be sent. */
    record Request(String category, Map<String, String> query, String body, int status, long atNanos, boolean json) {

        /** Its points: lines of line protocol; for a JSON body, each element as Python's json module read it. */
        List<String> lines() {
            if (json) {
                return PythonJson.points(body);
            }
            return body.isEmpty() ? List.of() : List.of(body.split("\n"));
        }
    }

    /** A scripted answer: status, body, and headers. */
    record Answer(int status, String body, Map<String, String> headers) {
    }

    private final Influxd influxd;
    private final String prefix;
    private final int port;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    // All access guarded by "this".
    private final List<Request> requests = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private Duration delay = Duration.ZERO;
    /** Answers being sent whose requests are not recorded yet. */
    private int answering;
    private int pings;
    private HttpServer server;
    private ExecutorService executor;

    FakeDataKit(Influxd influxd, String prefix) throws IOException {
        this.influxd = influxd;
        this.prefix = prefix;
        this.port = Influxd.freePort();
        start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String database(String category) {
        return prefix + "_" + category;
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-datakit-" + port);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/write/", this::write);
        server.createContext("/v1/ping", this::ping);
        server.start();
    }

    /** Closes the port: connections are refused until {@link #start()}. */
    void stop() {
        HttpServer running;
        ExecutorService threads;
        synchronized (this) {
            running = server;
            threads = executor;
            server = null;
            executor = null;
        }
        if (running != null) {
            running.stop(0);
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The next write requests get these answers, in order, instead of going to influxd. */
    synchronized void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    synchronized void delay(Duration newDelay) {
        delay = newDelay;
    }

    synchronized List<Request> requests() {
        awaitAnswered();
        return new ArrayList<>(requests);
    }

    /** Requests influxd took (answered 200). */
    synchronized List<Request> accepted() {
        awaitAnswered();
        return requests.stream().filter(request -> request.status() == 200).toList();
    }

    /** Waits (at most 5 s) until every answer being sent is recorded. Called holding "this". */
    private void awaitAnswered() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (answering > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized int acceptedPoints() {
        return accepted().stream().mapToInt(request -> request.lines().size()).sum();
    }

    /** influxd's errors for the bodies it refused. */
    synchronized List<String> invalidBodies() {
        return new ArrayList<>(invalid);
    }

    synchronized int pings() {
        return pings;
    }

    private void ping(HttpExchange exchange) throws IOException {
        synchronized (this) {
            pings++;
        }
        respond(exchange, 200, "{\"content\":{\"version\":\"1.0.0-fake\",\"uptime\":\"1s\",\"host\":\"test\"}}",
                Map.of());
    }

    private void write(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String category = exchange.getRequestURI().getPath().substring("/v1/write/".length());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Answer scripted;
        Duration wait;
        synchronized (this) {
            scripted = script.poll();
            wait = delay;
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean json = type != null && type.startsWith("application/json");
        Answer answer;
        if (!exchange.getRequestMethod().equals("POST")) {
            answer = error(405, "datakit.methodNotAllowed", "use POST");
        } else if (!CATEGORIES.contains(category)) {
            answer = error(400, "datakit.invalidCategory", "invalid category " + category);
        } else if (scripted != null) {
            answer = scripted;
        } else if (!"n".equals(query.get("precision"))) {
            answer = error(400, "datakit.invalidPrecision", "this test expects precision=n");
        } else if (json) {
            // influxd takes no JSON: Python's json module judges the body (PythonJson), as DataKit's parser would
            String problem;
            try {
                problem = PythonJson.problem(body);
            } catch (PythonJson.Interrupted stopping) {
                return;
            }
            if (problem == null) {
                answer = new Answer(200, "", Map.of());
            } else {
                synchronized (this) {
                    invalid.add(problem + "\n" + body);
                }
                answer = error(400, "datakit.invalidJSON", problem);
            }
        } else {
            String db = database(category);
            if (databases.add(db)) {
                influxd.createDatabase(db);
            }
            Influxd.WriteResult result = influxd.write(db, body.getBytes(StandardCharsets.UTF_8));
            if (result.status() == 204) {
                answer = new Answer(200, "", Map.of());
            } else {
                synchronized (this) {
                    invalid.add(result.error() + "\n" + body);
                }
                answer = error(400, "datakit.invalidLinePoint", result.error());
            }
        }
        // recorded once its answer is out: a request whose answer never reached the sender (the endpoint stopped
        // in between) is one the sender sends again, and was never acknowledged
        // the readers wait for it: the sender may have its answer before this thread records the request
        synchronized (this) {
            answering++;
        }
        int status = answer.status();
        try {
            respond(exchange, answer.status(), answer.body(), answer.headers());
        } catch (IOException unanswered) {
            status = -1;
        } finally {
            synchronized (this) {
                requests.add(new Request(category, query, body, status, at, json));
                answering--;
                notifyAll();
            }
        }
    }

    static Answer error(int status, String code, String message) {
        String json = "{\"error_code\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        return new Answer(status, json, Map.of("Content-Type", "application/json"));
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((key, value) -> exchange.getResponseHeaders().add(key, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
