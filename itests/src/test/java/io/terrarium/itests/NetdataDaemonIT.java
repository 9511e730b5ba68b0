package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Netdata daemon, in the foreground on loopback, with terrarium.plugin in its plugins folder: the
 * example charts appear in its API with values, and its error log has no complaint about our plugin.
 */
class NetdataDaemonIT {

    private static final Path NETDATA = Path.of("/usr/sbin/netdata");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void daemonShowsTheExampleChartsWithValuesAndLogsNoComplaint() throws Exception {
        int port = freePort();
        Path plugins = Distribution.mkdirs(temp.resolve("plugins"));
        Files.createSymbolicLink(plugins.resolve("terrarium.plugin"), Distribution.plugin());
        // python.d.plugin finds its modules in $NETDATA_PLUGINS_DIR/../python.d: the stock example, and a module
        // whose ids and texts are built to break the protocol (the daemon kills a plugin on a malformed line)
        Path modules = Distribution.mkdirs(temp.resolve("python.d"));
        Files.createSymbolicLink(modules.resolve("example.chart.py"), Path.of("/usr/lib/netdata/python.d/example.chart.py"));
        Files.copy(Distribution.resource("e2e/python.d/hostile.chart.py"), modules.resolve("hostile.chart.py"));
        Files.copy(Distribution.resource("e2e/python.d/dynamic.chart.py"), modules.resolve("dynamic.chart.py"));
        // and the DataKit seed document's Demo script, whose metrics become Netdata charts
        Distribution.mkdirs(modules.resolve("Demo"));
        Files.copy(Distribution.resource("pythond/python.d/Demo/demo.py"), modules.resolve("Demo/demo.py"));
        Path etc = Distribution.mkdirs(temp.resolve("etc"));
        // the daemon starts the plugin without module names: run example alone
        Files.writeString(etc.resolve("python.d.conf"), "default_run: no\nexample: yes\nhostile: yes\ndynamic: yes\n");
        Distribution.mkdirs(etc.resolve("python.d"));
        Files.writeString(etc.resolve("python.d/dynamic.conf"), "chart_cleanup: 1\n");
        Files.copy(Distribution.resource("pythond/conf.d/pythond.conf"), etc.resolve("pythond.conf"));
        for (String dir : List.of("log", "cache", "lib", "lock")) {
            Distribution.mkdirs(temp.resolve(dir));
        }
        Path config = temp.resolve("netdata.conf");
        Files.writeString(config, netdataConf(port));

        try (PluginProcess daemon = new PluginProcess(
                List.of(NETDATA.toString(), "-D", "-c", config.toString(), "-P", temp.resolve("pid").toString()),
                Map.of(), temp)) {
            String base = "http://127.0.0.1:" + port;
            JsonNode charts = awaitJson(base + "/api/v1/charts", 60_000,
                    node -> node.path("charts").has("example_Four_Lines.random")
                            && node.path("charts").has("netdata.runtime_example_Four_Lines"));
            JsonNode random = charts.path("charts").path("example_Four_Lines.random");
            // the daemon appends the chart id to the title it serves
            assertTrue(random.path("title").asText().startsWith("A random number"), random.path("title").asText());
            assertEquals("random", random.path("context").asText());
            assertEquals(4, random.path("dimensions").size(), random.path("dimensions").toString());

            JsonNode data = awaitJson(base + "/api/v1/data?chart=example_Four_Lines.random&after=-10&format=json",
                    30_000, node -> countValues(node) >= 8);
            assertTrue(countValues(data) >= 8, data.toString());

            // the id loses what would split a protocol word (quote, space) and keeps the rest, as the daemon does
            String hostileId = "hostile.we_ird_id_\u2713";
            JsonNode hostile = awaitJson(base + "/api/v1/charts", 30_000,
                    node -> node.path("charts").has(hostileId)).path("charts").path(hostileId);
            assertTrue(hostile.path("title").asText().startsWith("it's"), hostile.path("title").asText());
            assertEquals(3, hostile.path("dimensions").size(), hostile.toString());
            JsonNode hostileData = awaitJson(base + "/api/v1/data?chart="
                    + java.net.URLEncoder.encode(hostileId, java.nio.charset.StandardCharsets.UTF_8) + "&after=-10&format=json",
                    30_000, node -> countValues(node) >= 6);
            assertTrue(countValues(hostileData) >= 6, hostileData.toString());

            // dimensions added, hidden and deleted at runtime, a chart obsoleted and defined again: all while the
            // daemon, which disables a plugin on a SET to an unknown dimension, keeps taking values
            // by its fifth run: d1 to d4 added, d1 hidden, d2 deleted; the daemon lists the visible ones
            JsonNode grow = awaitJson(base + "/api/v1/charts", 30_000,
                    node -> dimensionIds(node.path("charts").path("dynamic.grow")).equals(List.of("d0", "d3", "d4")))
                    .path("charts").path("dynamic.grow");
            assertEquals(List.of("d0", "d3", "d4"), dimensionIds(grow));
            awaitJson(base + "/api/v1/data?chart=dynamic.blink&after=-10&format=json", 30_000,
                    node -> countValues(node) >= 3);
            long before = countValues(awaitJson(base + "/api/v1/data?chart=dynamic.grow&after=-3&format=json",
                    30_000, node -> countValues(node) > 0));
            assertTrue(before > 0, "dynamic.grow still gets values after its changes");

            // the DataKit script's metric 'abc' (tags t1=b, t2=d; fields f1=123, f2=3.4) as a Netdata chart
            JsonNode abc = awaitJson(base + "/api/v1/charts", 30_000,
                    node -> node.path("charts").has("demo_Demo.abc_b_d")).path("charts").path("demo_Demo.abc_b_d");
            assertEquals(2, abc.path("dimensions").size(), abc.toString());
            assertEquals(10, abc.path("update_every").asInt(), "the chart updates at the script's interval");
            // the daemon interpolates a chart's first collection to its slot: the values show from the next one
            JsonNode abcData = awaitJson(base + "/api/v1/data?chart=demo_Demo.abc_b_d&after=-60&format=json",
                    45_000, node -> node.toString().contains(",123,3.4]"));
            assertTrue(abcData.toString().contains(",123,3.4]"), abcData.toString());

            Path errorLog = temp.resolve("log/error.log");
            // the daemon's own lines about the plugin (ours, on its stderr, also land in error.log)
            List<String> complaints = Files.readAllLines(errorLog).stream()
                    .filter(line -> line.contains(": netdata "))
                    .filter(line -> line.contains("PLUGINSD[terrarium]") || line.contains("terrarium.plugin"))
                    .filter(line -> !line.contains(" INFO "))
                    .toList();
            assertEquals(List.of(), complaints, "error.log about our plugin");

            assertTrue(daemon.terminate(30_000), "netdata stops on SIGTERM");
            Await.until("netdata's plugin processes gone", 10_000, () -> daemon.survivors().isEmpty(),
                    () -> daemon.survivors().toString());
        }
    }

    private static List<String> dimensionIds(JsonNode chart) {
        List<String> ids = new java.util.ArrayList<>();
        chart.path("dimensions").fieldNames().forEachRemaining(ids::add);
        java.util.Collections.sort(ids);
        return ids;
    }

    private static long countValues(JsonNode data) {
        long count = 0;
        for (JsonNode row : data.path("data")) {
            for (int i = 1; i < row.size(); i++) {
                if (row.get(i).isNumber()) {
                    count++;
                }
            }
        }
        return count;
    }

    private JsonNode awaitJson(String url, long timeoutMillis, java.util.function.Predicate<JsonNode> ready)
            throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        Await.until(url, timeoutMillis, () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return false;
                }
                last[0] = json.readTree(response.body());
                return ready.test(last[0]);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String netdataConf(int port) {
        String t = temp.toString();
        return """
                [global]
                    run as user = root
                    hostname = itest-host
                [db]
                    mode = ram
                    update every = 1
                [web]
                    bind to = 127.0.0.1:%2$d
                [directories]
                    config = %1$s/etc
                    stock config = /usr/lib/netdata/conf.d
                    log = %1$s/log
                    web = /usr/share/netdata/web
                    cache = %1$s/cache
                    lib = %1$s/lib
                    lock = %1$s/lock
                    home = %1$s
                    plugins = %1$s/plugins
                [logs]
                    error = %1$s/log/error.log
                    access = none
                    debug = %1$s/log/debug.log
                [plugins]
                    proc = no
                    diskspace = no
                    cgroups = no
                    tc = no
                    idlejitter = no
                    statsd = no
                    timex = no
                    checks = no
                    enable running new plugins = yes
                    check for new plugins every = 60
                    netdata monitoring = yes
                [ml]
                    enabled = no
                [health]
                    enabled = no
                [registry]
                    enabled = no
                """.formatted(t, port);
    }
}
