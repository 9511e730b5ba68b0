package io.terrarium.sink.datakit.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * DataKit's write side over {@link HttpClient}: {@code POST /v1/write/<category>?input=..&precision=n} with a
 * line-protocol body (or a JSON one, {@link BatchKey#json()}), and {@code GET /v1/ping}. Thread-safe; calls block
 * for at most the given timeout plus the connect timeout.
 */
final class DataKitClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 4096;

    private final Executor executor;
    private final Duration connectTimeout;
    // Made on the first request: an HttpClient starts a selector thread and loads TLS (some 8 MB), which a container
    // whose jobs send DataKit nothing never needs. All writes guarded by "this".
    private volatile HttpClient http;

    DataKitClient(Executor executor, Duration connectTimeout) {
        this.executor = executor;
        this.connectTimeout = connectTimeout;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1) // DataKit speaks HTTP/1.1; no h2c upgrade dance
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .executor(executor)
                            .build();
                }
                client = http;
            }
        }
        return client;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** Sends one batch. Never throws for network trouble: that is a {@link WriteOutcome.Kind#RETRY}. */
    WriteOutcome write(URI base, SealedBatch batch, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(writeUri(base, batch.key()))
                .timeout(timeout)
                .header("Content-Type", batch.key().json() ? "application/json" : "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return WriteOutcome.retry(0, "connect timeout", 0);
        } catch (HttpTimeoutException e) {
            return WriteOutcome.retry(0, "no answer within " + timeout.toMillis() + " ms", 0);
        } catch (IOException e) {
            return WriteOutcome.retry(0, describe(e), 0);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return WriteOutcome.ACCEPTED;
        }
        String error = errorOf(response.body());
        if (status >= 500 || status == 408 || status == 429) {
            return WriteOutcome.retry(status, "HTTP " + status + (error.isEmpty() ? "" : " " + error),
                    retryAfterMillis(response));
        }
        return WriteOutcome.refused(status, error.isEmpty() ? "HTTP " + status : error);
    }

    /** Whether {@code GET /v1/ping} answers 200. */
    boolean ping(URI base, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/ping")).timeout(timeout).GET().build();
        try {
            return http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code <base>/v1/write/<category>?input=<input>&precision=n[&ignore_global_host_tags=true]} */
    static URI writeUri(URI base, BatchKey key) {
        StringBuilder uri = new StringBuilder(base.toString()).append("/v1/write/").append(key.category().path())
                .append("?");
        if (!key.input().isEmpty()) {
            uri.append("input=").append(URLEncoder.encode(key.input(), StandardCharsets.UTF_8)).append('&');
        }
        uri.append("precision=n");
        if (key.ignoreGlobalTags()) {
            uri.append("&ignore_global_host_tags=true");
        }
        return URI.create(uri.toString());
    }

    /**
     * A DataKit address as configuration or a script gives it ({@code http://host:port}, a trailing slash
     * allowed), reduced to scheme, host and port.
     *
     * @throws IllegalArgumentException when it is not an http(s) URL with a host
     */
    static URI baseUrl(String url) {
        try {
            URI uri = new URI(url == null ? "" : url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host: '" + url + "'");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + url + "' (" + e.getMessage() + ")");
        }
    }

    /** DataKit's {@code error_code: message}, or the start of a body that is not its JSON. */
    static String errorOf(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject() && (json.has("error_code") || json.has("message"))) {
                String code = json.path("error_code").asText("");
                String message = json.path("message").asText("");
                return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
            }
        } catch (IOException e) {
            // not DataKit's JSON: show the text
        }
        return text.replaceAll("\\s+", " ");
    }

    private static long retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Long.parseLong(value.trim())) * 1000;
            } catch (NumberFormatException e) {
                return 0L; // an HTTP date; the back-off decides
            }
        }).orElse(0L);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null ? cause.getMessage() : "";
        }
        String kind = e.getClass().getSimpleName();
        return message.isBlank() ? kind : kind + ": " + message;
    }
}
