package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Stock modules on UrlService (traefik, icecast, ipfs, rabbitmq, tomcat, go_expvar, monit), unmodified,
 * against local HTTP servers with answers that are fixed or depend only on the request's number:
 * terrarium.plugin defines the same charts as python.d.plugin, changes them at the same updates, and
 * writes the same values.
 */
class StockUrlModulesIT extends StockModulesComparison {

    @Override
    List<String> modules() {
        return List.of("traefik", "icecast", "ipfs", "rabbitmq", "tomcat", "go_expvar", "monit");
    }

    /** monit changes its services in update 2; update 3 shows the charts after the change. */
    @Override
    int updates() {
        return 3;
    }

    @Test
    void traefikHealthGivesTheSameChartsAndValuesWithStatusCodeDimensionsAddedInTheFirstUpdate() {
        assertEquals(StockPeers.charts("traefik"), StockComparison.charts(reference, "traefik"));
        assertSameAsPythonD("traefik", true);
        assertEquals(List.of("200", "304", "404", "500", "301"), ours.definitions
                .get("traefik_local.detailed_response_codes").dimensions().stream().map(words -> words.get(1)).toList());
        // update k is request k + 1 (check() was request 1): 10 more requests and 0.25 s more each time
        assertEquals(Map.of("average_response_time_per_iteration_sec", "25000"), StockComparison.lastValues(ours,
                "traefik", "traefik_local.average_response_time_per_iteration"));
    }

    @Test
    void icecastChartsOnlyActiveSourcesAsPythonDDoes() {
        assertEquals(StockPeers.charts("icecast"), StockComparison.charts(reference, "icecast"));
        assertSameAsPythonD("icecast", true);
        assertEquals(Map.of("source_0", "5", "source_2", "3"),
                StockComparison.lastValues(ours, "icecast", "icecast_local.listeners"));
    }

    @Test
    void ipfsPostsToFourApiUrlsAndGivesTheSameValuesAsPythonD() {
        assertEquals(StockPeers.charts("ipfs"), StockComparison.charts(reference, "ipfs"));
        assertSameAsPythonD("ipfs", true);
        assertEquals(Map.of("avail", "10000000000", "size", "734003200"),
                StockComparison.lastValues(ours, "ipfs", "ipfs_local.repo_size"));
    }

    /**
     * RabbitMQ's default vhost is '/', so the module's chart id is 'vhost_/_message_stats'. python.d sends it
     * as is; the daemon keeps a chart id as sent (it derives the chart's name by turning '/' into '_'), so
     * the chart's id in Netdata is the one the module chose.
     */
    @Test
    void rabbitmqChartIdWithASlashReachesNetdataAsTheModuleChoseIt() {
        assertEquals(StockPeers.charts("rabbitmq"), StockComparison.charts(reference, "rabbitmq"));
        assertEquals(StockPeers.charts("rabbitmq"), StockComparison.charts(ours, "rabbitmq"));
    }

    /** Everything else about rabbitmq, with chart ids compared as the daemon names the charts. */
    @Test
    void rabbitmqAuthenticatesAndAddsVhostAndQueueChartsAsPythonDDoes() {
        assertSameAsPythonDByChartName("rabbitmq");
        assertTrue(ours.definitions.get("rabbitmq_local.vhost_shop_message_stats").chart().get(3).contains("\"shop\""));
        assertEquals(Map.of("churn_rates_channel_created_details_rate", "1",
                "churn_rates_channel_closed_details_rate", "1"),
                StockComparison.lastValues(ours, "rabbitmq", "rabbitmq_local.channel_churn_rates"));
    }

    @Test
    void tomcatAuthenticatesAndRepairsSingleQuotedXmlAsPythonDDoes() {
        assertEquals(StockPeers.charts("tomcat"), StockComparison.charts(reference, "tomcat"));
        assertSameAsPythonD("tomcat", true);
        assertEquals(Map.of("requestCount", "4321", "errorCount", "17"),
                StockComparison.lastValues(ours, "tomcat", "tomcat_local.accesses"));
    }

    @Test
    void goExpvarRunsWhenEnabledAndChartsTheConfiguredExpvarsAsPythonDDoes() {
        assertEquals(StockPeers.charts("go_expvar"), StockComparison.charts(reference, "go_expvar"));
        // the same, but for python.d's 'True ' where terrarium.plugin writes 'hidden' (next test)
        assertSameAsPythonDExceptItsBug("go_expvar", text -> text.replaceAll("\\| True (?=\n|$)", "| hidden "));
        assertEquals(Map.of("queue_depth", "17", "queue_load", "63"),
                StockComparison.lastValues(ours, "go_expvar", "go_expvar_app.queue"));
    }

    /**
     * python.d bug: a line's {@code hidden: true} (go_expvar's documented option) goes into DIMENSION as
     * str(True), the option word 'True ', which Netdata ignores: the line is never hidden. terrarium.plugin
     * writes 'hidden'.
     */
    @Test
    void goExpvarLineConfiguredHiddenIsHiddenWherePythonDWritesTrue() {
        assertEquals("True ", dimension(reference, "go_expvar_app.queue", "queue_load").get(6));
        assertEquals("hidden ", dimension(ours, "go_expvar_app.queue", "queue_load").get(6));
        assertEquals(" ", dimension(ours, "go_expvar_app.queue", "queue_depth").get(6));
    }

    @Test
    void monitAddsAndDeletesServiceDimensionsInTheSameUpdatesAsPythonD() {
        assertEquals(StockPeers.charts("monit"), StockComparison.charts(reference, "monit"));
        assertSameAsPythonD("monit", true);
        assertEquals(Map.of("process_nginx", "1"), StockComparison.lastValues(ours, "monit", "monit_local.process"));
    }

    private static List<String> dimension(ProtocolBlocks parsed, String chart, String id) {
        return parsed.definitions.get(chart).dimensions().stream().filter(words -> words.get(1).equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no dimension " + id + " in " + chart));
    }
}
