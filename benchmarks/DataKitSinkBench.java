// The Java half of benchmarks/datakit_sink.py: a loopback DataKit stand-in that counts what it receives, and the
// DataKit sink (io.terrarium.sink.datakit) writing to it. Compiled and driven by the Python script; it sits in the
// sink's package to build the sink as DS would, without a framework.
package io.terrarium.sink.datakit.internal;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import io.terrarium.api.JobId;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

public final class DataKitSinkBench {

    private static final byte[] MEASUREMENT_KEY = "\"measurement\"".getBytes();
    private static final AtomicLong POINTS = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/write/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            POINTS.addAndGet(type != null && type.startsWith("application/json") ? countJson(body) : countLines(body));
            REQUESTS.incrementAndGet();
            exchange.sendResponseHeaders(200, -1); // DataKit: 200, empty body
            exchange.close();
        });
        server.createContext("/v1/ping", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = commands.readLine()) != null;) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "count" -> {
                    System.out.println("COUNT " + POINTS.getAndSet(0) + " " + REQUESTS.getAndSet(0));
                }
                case "sink" -> {
                    int reports = Integer.parseInt(words[1]);
                    int perReport = Integer.parseInt(words[2]);
                    System.out.println(runSink(server.getAddress().getPort(), reports, perReport));
                }
                case "quit" -> {
                    server.stop(0);
                    System.exit(0);
                }
                default -> System.out.println("ERROR unknown command " + line);
            }
            System.out.flush();
        }
        server.stop(0);
        System.exit(0);
    }

    /** Delivers the reports from one thread, as one job would, and waits for DataKit to have acknowledged all. */
    private static String runSink(int port, int reports, int perReport) throws Exception {
        List<CollectionResult> results = new ArrayList<>(reports);
        JobId job = new JobId("Demo", "demo");
        for (int i = 0; i < reports; i++) {
            results.add(new CollectionResult(job, "Demo", Instant.now(), List.of(), List.of(),
                    List.of(new PointBatch(PointCategory.METRIC, "datakitpy", false, null, points(i, perReport))), null));
        }
        Path spool = Files.createTempDirectory("bench-spool");
        DataKitSink sink = new DataKitSink("bench", spool, config("url", "http://127.0.0.1:" + port));
        long total = (long) reports * perReport;
        long start = System.nanoTime();
        long inDeliver = 0;
        for (CollectionResult result : results) {
            long before = System.nanoTime();
            sink.deliver(result);
            inDeliver += System.nanoTime() - before;
        }
        while (sink.status().sent() < total) {
            Thread.sleep(1); // not a spin: the machine may have few cores and the sender needs one
        }
        long elapsed = System.nanoTime() - start;
        sink.deactivate();
        try (var files = Files.walk(spool)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        return "SINK " + total + " " + elapsed / 1e9 + " " + inDeliver / 1e9;
    }

    /** The same points the Python side builds: the seed document's Demo report, numbered. */
    static List<Point> points(int report, int perReport) {
        List<Point> points = new ArrayList<>(perReport);
        for (int j = 0; j < perReport; j++) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("t1", "b");
            tags.put("t2", "d");
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("f1", 123L + report);
            fields.put("f2", 3.4);
            fields.put("f3", "strval");
            points.add(new Point(j % 2 == 0 ? "abc" : "def", tags, fields,
                    1_700_000_000_000_000_000L + (long) report * perReport + j));
        }
        return points;
    }

    private static long countLines(byte[] body) {
        long lines = 0;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static long countJson(byte[] body) {
        long count = 0;
        outer:
        for (int i = 0; i + MEASUREMENT_KEY.length <= body.length; i++) {
            for (int k = 0; k < MEASUREMENT_KEY.length; k++) {
                if (body[i + k] != MEASUREMENT_KEY[k]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    private static DataKitSinkConfig config(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (DataKitSinkConfig) Proxy.newProxyInstance(DataKitSinkBench.class.getClassLoader(),
                new Class<?>[] { DataKitSinkConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals")
                                ? proxy == args[0] : "config";
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
