package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.terrarium.api.data.Collected;
import io.terrarium.api.data.DimensionValue;

class CollectReplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CollectReply read(String entry) throws IOException {
        try (JsonParser parser = JSON.createParser(entry.getBytes(StandardCharsets.UTF_8))) {
            parser.nextToken();
            return CollectReply.read(parser);
        }
    }

    @Test
    void valuesAreReadAsTheyComeAndWhatIsNotAnIntegerIsLeftOut() throws IOException {
        CollectReply reply = read("{\"job\":\"m/j\",\"ok\":true,\"updated\":true,\"future\":{\"a\":[1,{}]},"
                + "\"charts\":[{\"id\":\"c\",\"since\":1000000,\"values\":{\"a\":1,\"b\":-9223372036854775808,"
                + "\"c\":18446744073709551616,\"d\":1.5,\"e\":\"7\",\"f\":null,\"g\":[1],\"h\":{\"x\":1},"
                + "\"i\":9223372036854775807},\"variables\":{\"v\":7}}]}");
        assertEquals("m/j", reply.job());
        assertTrue(reply.ok());
        assertTrue(reply.updated());
        assertNull(reply.error());
        CollectReply.Values chart = reply.charts().get(0);
        assertEquals("c", chart.id());
        assertNull(chart.define());
        assertEquals(1_000_000, chart.since());
        assertEquals(List.of(new DimensionValue("a", 1L), new DimensionValue("b", Long.MIN_VALUE),
                new DimensionValue("c", new BigInteger("18446744073709551616")),
                new DimensionValue("i", Long.MAX_VALUE)), chart.values());
        assertEquals(List.of(new DimensionValue("v", 7L)), chart.variables());
        assertTrue(reply.retired().isMissingNode());
        assertTrue(reply.batches().isMissingNode());
    }

    @Test
    void aFailedJobCarriesItsErrorAndTraceback() throws IOException {
        CollectReply reply = read("{\"job\":\"m/j\",\"ok\":false,\"error\":\"job not loaded\",\"traceback\":\"T\"}");
        assertFalse(reply.ok());
        assertEquals("job not loaded", reply.error());
        assertEquals("T", reply.traceback());
        assertEquals(List.of(), reply.charts());
    }

    @Test
    void definitionsRetiredChartsAndBatchesAreDecodedAsBefore() throws IOException {
        String define = "{\"type\":\"m_j\",\"id\":\"c\",\"name\":\"\",\"title\":\"T\",\"units\":\"u\",\"family\":\"f\","
                + "\"context\":\"m.c\",\"chart_type\":\"line\",\"priority\":1,\"update_every\":1,\"options\":\"\","
                + "\"module\":\"m\",\"labels\":[],\"dimensions\":[{\"id\":\"a\",\"name\":\"a\",\"algorithm\":\"absolute\","
                + "\"multiplier\":1,\"divisor\":1,\"hidden\":false,\"obsolete\":false}]}";
        CollectReply first = read("{\"job\":\"m/j\",\"ok\":true,\"updated\":true,\"charts\":[{\"id\":\"c\",\"define\":"
                + define + ",\"since\":0,\"values\":{\"a\":3}}],\"retired\":[" + define.replace("\"options\":\"\"",
                        "\"options\":\"obsolete\"").replace("\"id\":\"c\"", "\"id\":\"old\"") + "],\"batches\":[]}");
        ChartDecoder decoder = new ChartDecoder();
        Collected collected = decoder.decode(first);
        assertEquals("T", collected.charts().get(0).chart().title());
        assertEquals(List.of(new DimensionValue("a", 3L)), collected.charts().get(0).values());
        assertEquals("old", collected.retired().get(0).id());
        assertEquals(List.of(), collected.batches());
        // values only: the definition kept from before, the same instance
        Collected second = decoder.decode(read("{\"job\":\"m/j\",\"ok\":true,\"updated\":true,"
                + "\"charts\":[{\"id\":\"c\",\"since\":1000000,\"values\":{\"a\":4}}]}"));
        assertSame(collected.charts().get(0).chart(), second.charts().get(0).chart());
        assertThrows(IllegalStateException.class, () -> decoder.decode(read("{\"job\":\"m/j\",\"ok\":true,"
                + "\"charts\":[{\"id\":\"never\",\"values\":{\"a\":1}}]}")));
    }

    @Test
    void anEntryThatIsNotAnObjectIsAParseError() {
        assertThrows(IOException.class, () -> read("[1]"));
    }
}
