package io.terrarium.sink.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP GETs, as a Prometheus server scrapes. */
final class Scraper {

    // Java 17's HttpClient cannot be closed; one for all tests keeps its selector thread from multiplying
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Scraper() {
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sink's metrics, where its status says they are. */
    static String scrape(PrometheusSink sink) {
        try {
            HttpResponse<String> response = get(sink.status().target());
            assertEquals(200, response.statusCode(), response::body);
            assertEquals(TextExposition.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            return response.body();
        } catch (IOException e) {
            return fail("scraping " + sink.status().target() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Scrapes and has both parsers judge the body. */
    static Judges.Scrape judged(PrometheusSink sink) {
        return Judges.judge(scrape(sink));
    }
}
