package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every stock module the comparison tests fake, run together in one terrarium.plugin started by the real
 * Netdata daemon: each chart appears in the daemon's API, values arrive for each, and the daemon logs no
 * complaint about our plugin.
 */
class StockModulesUnderNetdataIT {

    private static final Path STOCK_MODULES = Path.of("/usr/lib/netdata/python.d");

    @TempDir
    Path temp;

    @Test
    void allFakedStockModulesInOnePluginGiveTheDaemonEveryChartWithValuesAndNoComplaint() throws Exception {
        try (StockPeers peers = new StockPeers(temp.resolve("peers")).start(StockPeers.MODULES);
                LocalNetdata netdata = new LocalNetdata(temp.resolve("netdata"))) {
            for (String module : StockPeers.MODULES) {
                String file = module + ".chart.py";
                Files.copy(STOCK_MODULES.resolve(file), netdata.modules.resolve(file));
            }
            // boinc imports Netdata's third_party package, which an installation has in python.d/python_modules
            copyTree(STOCK_MODULES.resolve("python_modules"), netdata.modules.resolve("python_modules"));
            // python.d.conf enables exactly these modules (the daemon starts the plugin without module names)
            peers.writeConfig(netdata.etc);
            // the fake executables must be in the PATH the daemon hands down to its plugins
            netdata.start(peers.environment());

            // each chart (but the hidden ones) listed under the id the plugin sent; python.d would send rabbitmq's 'vhost_/_message_stats' as is,
            // terrarium.plugin as 'vhost___message_stats' (StockUrlModulesIT compares that): either will do here
            List<String> expected = new ArrayList<>();
            StockPeers.MODULES.forEach(module -> expected.addAll(StockPeers.charts(module)));
            List<String> listed = expected.stream().filter(id -> !StockPeers.HIDDEN_CHARTS.contains(id)).toList();
            Set<String> ids = new HashSet<>(StockPeers.HIDDEN_CHARTS);
            Await.until("every chart in /api/v1/charts", 60_000, () -> {
                JsonNode charts = netdata.get("/api/v1/charts");
                if (charts != null) {
                    ids.retainAll(StockPeers.HIDDEN_CHARTS);
                    charts.path("charts").fieldNames().forEachRemaining(ids::add);
                }
                return listed.stream().allMatch(id -> idIn(ids, id) != null);
            }, () -> "\nmissing: " + listed.stream().filter(id -> idIn(ids, id) == null).toList()
                    + "\nerror.log:\n" + netdata.errorLogTail());

            for (String chart : expected) {
                JsonNode data = netdata.awaitJson("/api/v1/data?chart=" + LocalNetdata.encode(idIn(ids, chart))
                        + "&after=-10&format=json", 30_000, node -> countValues(node) > 0);
                assertTrue(countValues(data) > 0, chart + ": " + data);
            }

            assertEquals(List.of(), netdata.complaintsAboutOurPlugin(), "error.log about our plugin");
            assertTrue(netdata.stop(), "netdata and its plugins stop on SIGTERM");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".pyc")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String idIn(Set<String> ids, String id) {
        String reduced = StockComparison.daemonChartName(id);
        return ids.contains(id) ? id : ids.contains(reduced) ? reduced : null;
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
