package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Stock modules on ExecutableService (exim, postfix, nsd), unmodified, with fake commands first in PATH:
 * terrarium.plugin defines the same charts as python.d.plugin and writes the same values every update.
 */
class StockExecutableModulesIT extends StockModulesComparison {

    @Override
    List<String> modules() {
        return List.of("exim", "postfix", "nsd");
    }

    @Override
    int updates() {
        return 3;
    }

    @Test
    void eximRunsTheFakeEximFromPathAndReportsItsQueueCount() {
        assertEquals(StockPeers.charts("exim"), StockComparison.charts(reference, "exim"));
        assertSameAsPythonD("exim", true);
        assertEquals(Map.of("emails", "7"), StockComparison.lastValues(ours, "exim", "exim_local.qemails"));
    }

    @Test
    void postfixParsesTheLastLineOfPostqueueAsPythonDDoes() {
        assertEquals(StockPeers.charts("postfix"), StockComparison.charts(reference, "postfix"));
        assertSameAsPythonD("postfix", true);
        assertEquals(Map.of("emails", "2"), StockComparison.lastValues(ours, "postfix", "postfix_local.qemails"));
        assertEquals(Map.of("size", "5"), StockComparison.lastValues(ours, "postfix", "postfix_local.qsize"));
    }

    @Test
    void nsdCountersGrowIdenticallyAndTheConfOverridesTheModulesUpdateEvery() {
        assertEquals(StockPeers.charts("nsd"), StockComparison.charts(reference, "nsd"));
        assertSameAsPythonD("nsd", true);
        // update_every 1 from the conf's top level, not the module's 30: in the CHART line and in the pace
        for (String chart : List.of("nsd_local.queries", "netdata.runtime_nsd_local")) {
            assertEquals("1", ours.definitions.get(chart).chart().get(9), chart + " update_every");
        }
        List<ProtocolBlocks.Block> queries = ours.blocksOf("nsd_local.queries");
        // check() was run 1; update k is run k + 1
        for (int k = 1; k <= updates(); k++) {
            assertEquals(String.valueOf(1000 + 25 * (k + 1)), queries.get(k - 1).values().get("num_queries"));
        }
        for (ProtocolBlocks.Block block : queries.subList(1, updates())) {
            assertEquals(1_000_000, block.microseconds(), 200_000, "a second between updates");
        }
    }
}
