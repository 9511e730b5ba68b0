package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real Netdata daemon, in the foreground on loopback, with terrarium.plugin in its plugins folder: the
 * example charts appear in its API with values, and its error log has no complaint about our plugin.
 */
class NetdataDaemonIT {

    @TempDir
    Path temp;

    @Test
    void daemonShowsTheExampleChartsWithValuesAndLogsNoComplaint() throws Exception {
        try (LocalNetdata netdata = new LocalNetdata(temp)) {
            // python.d.plugin finds its modules in $NETDATA_PLUGINS_DIR/../python.d: the stock example, a module whose
            // ids and texts are built to break the protocol (the daemon kills a plugin on a malformed line), one whose
            // charts change while it runs, and the DataKit seed document's Demo script, whose metrics become charts
            Path modules = netdata.modules;
            Files.createSymbolicLink(modules.resolve("example.chart.py"),
                    Path.of("/usr/lib/netdata/python.d/example.chart.py"));
            Files.copy(Distribution.resource("e2e/python.d/hostile.chart.py"), modules.resolve("hostile.chart.py"));
            Files.copy(Distribution.resource("e2e/python.d/dynamic.chart.py"), modules.resolve("dynamic.chart.py"));
            Distribution.mkdirs(modules.resolve("Demo"));
            Files.copy(Distribution.resource("pythond/python.d/Demo/demo.py"), modules.resolve("Demo/demo.py"));
            // the daemon starts the plugin without module names: run these alone
            Path etc = netdata.etc;
            Files.writeString(etc.resolve("python.d.conf"),
                    "default_run: no\nexample: yes\nhostile: yes\ndynamic: yes\n");
            Distribution.mkdirs(etc.resolve("python.d"));
            Files.writeString(etc.resolve("python.d/dynamic.conf"), "chart_cleanup: 1\n");
            Files.copy(Distribution.resource("pythond/conf.d/pythond.conf"), etc.resolve("pythond.conf"));
            netdata.start(Map.of());

            // the daemon may serve a chart while it still parses the DIMENSION lines that follow its CHART line: wait
            // for the four (a definition with fewer never completes, and the wait fails)
            JsonNode charts = netdata.awaitJson("/api/v1/charts", 60_000,
                    node -> node.path("charts").path("example_Four_Lines.random").path("dimensions").size() >= 4
                            && node.path("charts").has("netdata.runtime_example_Four_Lines"));
            // the functions the plugin announced (FUNCTION GLOBAL): the 1.37 daemon took them and lists them (it serves
            // function calls to Netdata Cloud only; PluginLifecycleIT answers calls written to the plugin's stdin)
            JsonNode info = netdata.awaitJson("/api/v1/info", 30_000,
                    node -> node.path("functions").toString().contains("terrarium-workers"));
            assertTrue(info.path("functions").toString().contains("terrarium-jobs"), info.path("functions").toString());
            JsonNode random = charts.path("charts").path("example_Four_Lines.random");
            // the daemon appends the chart id to the title it serves
            assertTrue(random.path("title").asText().startsWith("A random number"), random.path("title").asText());
            assertEquals("random", random.path("context").asText());
            assertEquals(4, random.path("dimensions").size(), random.path("dimensions").toString());
            JsonNode data = netdata.awaitJson("/api/v1/data?chart=example_Four_Lines.random&after=-10&format=json",
                    30_000, node -> countValues(node) >= 8);
            assertTrue(countValues(data) >= 8, data.toString());

            // the id loses what would split a protocol word (quote, space) and keeps the rest, as the daemon does
            String hostileId = "hostile.we_ird_id_\u2713";
            JsonNode hostile = netdata.awaitJson("/api/v1/charts", 30_000,
                    node -> node.path("charts").has(hostileId)).path("charts").path(hostileId);
            assertTrue(hostile.path("title").asText().startsWith("it's"), hostile.path("title").asText());
            assertEquals(3, hostile.path("dimensions").size(), hostile.toString());
            JsonNode hostileData = netdata.awaitJson("/api/v1/data?chart=" + LocalNetdata.encode(hostileId)
                    + "&after=-10&format=json", 30_000, node -> countValues(node) >= 6);
            assertTrue(countValues(hostileData) >= 6, hostileData.toString());

            // dimensions added, hidden and deleted at runtime, a chart obsoleted and defined again: all while the
            // daemon, which disables a plugin on a SET to an unknown dimension, keeps taking values. By its fifth
            // run: d1 to d4 added, d1 hidden, d2 deleted; the daemon lists the visible ones
            JsonNode grow = netdata.awaitJson("/api/v1/charts", 30_000,
                    node -> dimensionIds(node.path("charts").path("dynamic.grow")).equals(List.of("d0", "d3", "d4")))
                    .path("charts").path("dynamic.grow");
            assertEquals(List.of("d0", "d3", "d4"), dimensionIds(grow));
            netdata.awaitJson("/api/v1/data?chart=dynamic.blink&after=-10&format=json", 30_000,
                    node -> countValues(node) >= 3);
            assertTrue(countValues(netdata.awaitJson("/api/v1/data?chart=dynamic.grow&after=-3&format=json", 30_000,
                    node -> countValues(node) > 0)) > 0, "dynamic.grow still gets values after its changes");

            // the DataKit script's metric 'abc' (tags t1=b, t2=d; fields f1=123, f2=3.4) as a Netdata chart
            JsonNode abc = netdata.awaitJson("/api/v1/charts", 30_000,
                    node -> node.path("charts").has("demo_Demo.abc_b_d")).path("charts").path("demo_Demo.abc_b_d");
            assertEquals(2, abc.path("dimensions").size(), abc.toString());
            assertEquals(10, abc.path("update_every").asInt(), "the chart updates at the script's interval");
            // the daemon interpolates a chart's first collection to its slot: the values show from the next one
            JsonNode abcData = netdata.awaitJson("/api/v1/data?chart=demo_Demo.abc_b_d&after=-60&format=json",
                    45_000, node -> node.toString().contains(",123,3.4]"));
            assertTrue(abcData.toString().contains(",123,3.4]"), abcData.toString());

            assertEquals(List.of(), netdata.complaintsAboutOurPlugin(), "error.log about our plugin");
            assertTrue(netdata.stop(), "netdata and every process it started stop on SIGTERM");
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
}
