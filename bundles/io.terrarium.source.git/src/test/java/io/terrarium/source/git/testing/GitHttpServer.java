package io.terrarium.source.git.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Git's smart HTTP on a loopback port: a small HTTP server that asks for basic authentication and runs Debian's
 * {@code git http-backend} as a CGI program for every request that passes, serving the repositories under a folder.
 * Counts the requests refused for their credentials.
 */
public final class GitHttpServer implements AutoCloseable {

    private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final Path base;
    private final String user;
    private final String password;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    public GitHttpServer(Path base, String user, String password) throws IOException {
        this.base = base;
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/<name>.git}, with no credentials in it. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
    }

    public int refused() {
        return refused.get();
    }

    public int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            served.incrementAndGet();
            cgi(exchange);
        }
    }

    private void cgi(HttpExchange exchange) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(BACKEND));
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", base.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            env.put("CONTENT_TYPE", type);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(body);
        }
        process.getErrorStream().close();
        byte[] output;
        try (InputStream out = process.getInputStream()) {
            output = out.readAllBytes();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                Processes.end(process.toHandle());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int split = headerEnd(output);
        String headers = new String(output, 0, split, StandardCharsets.ISO_8859_1);
        int status = 200;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int start = split; // the blank line's own line ending
        if (start < output.length && output[start] == '\r') {
            start++;
        }
        if (start < output.length && output[start] == '\n') {
            start++;
        }
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(output, start, output.length - start);
        exchange.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
        if (rest.size() > 0) {
            try (OutputStream response = exchange.getResponseBody()) {
                rest.writeTo(response);
            }
        }
    }

    /** Where the CGI headers end: the index of the blank line's first byte. */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i + 1;
            }
            if (output[i] == '\n' && output[i + 1] == '\r') {
                return i + 1;
            }
        }
        return output.length;
    }
}
