package io.terrarium.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on loopback (the JDK's com.sun.net.httpserver) answering fixed paths, the local stand-in for
 * traefik, rabbitmq, tomcat and the like. Each path counts its requests, so an answer can depend on the
 * request's number; with {@link #basicAuth} every request must carry those credentials or gets a 401.
 */
final class HttpPeer implements AutoCloseable {

    /** What a request is answered with. */
    record Answer(int status, String contentType, String body) {
        static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }

        static Answer xml(String body) {
            return new Answer(200, "text/xml", body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-peer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    /** Every request as "METHOD /path?query", in order of arrival. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization;
    private volatile String method;

    HttpPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests without these credentials get 401, as the real servers answer. */
    HttpPeer basicAuth(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Requests with another method get 405 (ipfs's API takes only POST). */
    HttpPeer onlyMethod(String required) {
        method = required;
        return this;
    }

    /** Answers requests for {@code path} (exactly; the query is ignored) with its n-th answer, n from 1. */
    HttpPeer route(String path, IntFunction<Answer> answers) {
        AtomicInteger counter = counters.computeIfAbsent(path, p -> new AtomicInteger());
        server.createContext(path, exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    reply(exchange, new Answer(404, "text/plain", "not found"));
                } else if (expectedAuthorization != null
                        && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                    reply(exchange, new Answer(401, "text/plain", "unauthorized"));
                } else if (method != null && !method.equals(exchange.getRequestMethod())) {
                    reply(exchange, new Answer(405, "text/plain", "method not allowed"));
                } else {
                    reply(exchange, answers.apply(counter.incrementAndGet()));
                }
            }
        });
        return this;
    }

    HttpPeer route(String path, Answer answer) {
        return route(path, n -> answer);
    }

    /** How many requests {@code path} has answered with 2xx content so far. */
    int served(String path) {
        AtomicInteger counter = counters.get(path);
        return counter == null ? 0 : counter.get();
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
