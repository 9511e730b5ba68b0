package io.terrarium.sink.prometheus.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Answers {@code GET} and {@code HEAD} of the metrics path with the exposition (gzipped when the scraper accepts
 * it, as Prometheus does), {@code /} with a line pointing there, anything else with 404 or 405. Runs on the
 * server's executor threads; everything it reads is thread-safe.
 */
final class MetricsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

    /** What the handler needs from its sink. */
    interface Exporter {

        String name();

        /** The metrics path now (it may change while serving). */
        String path();

        /** The exposition of everything held now. */
        String render();

        void scrapeServed();

        void scrapeFailed();
    }

    private final Exporter exporter;

    MetricsHandler(Exporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            boolean metrics = path.equals(exporter.path());
            if (!metrics && !path.equals("/")) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: metrics are at " + exporter.path()
                        + "\n", false, method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "GET or HEAD only\n", false, method);
                return;
            }
            if (!metrics) {
                respond(exchange, 200, "text/plain; charset=utf-8", "Terrarium Prometheus sink " + exporter.name()
                        + ": metrics are at " + exporter.path() + "\n", false, method);
                return;
            }
            String body;
            try {
                body = exporter.render();
            } catch (RuntimeException e) {
                LOG.error("sink {}: rendering the metrics failed: {}", exporter.name(), e.toString(), e);
                exporter.scrapeFailed();
                respond(exchange, 500, "text/plain; charset=utf-8", "rendering failed: " + e + "\n", false, method);
                return;
            }
            respond(exchange, 200, TextExposition.CONTENT_TYPE, body, acceptsGzip(exchange), method);
            exporter.scrapeServed();
        } catch (IOException e) {
            // the scraper went away or timed out: its next scrape is the retry
            exporter.scrapeFailed();
            LOG.debug("sink {}: answering {} failed: {}", exporter.name(), exchange.getRemoteAddress(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text, boolean gzip,
            String method) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (gzip) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
                out.write(body);
            }
            body = compressed.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static boolean acceptsGzip(HttpExchange exchange) {
        List<String> values = exchange.getRequestHeaders().get("Accept-Encoding");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String coding : value.split(",")) {
                String[] parts = coding.trim().toLowerCase(Locale.ROOT).split(";");
                if (parts[0].trim().equals("gzip")
                        && (parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
