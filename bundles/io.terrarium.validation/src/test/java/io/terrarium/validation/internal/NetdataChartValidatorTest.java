package io.terrarium.validation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;

class NetdataChartValidatorTest {

    private final NetdataChartValidator validator = new NetdataChartValidator();

    private static Chart chart(String type, String id) {
        return new Chart(type, id, "", "title", "units", "family", "context", "line", 60000, 1, "", "m",
                List.of(), List.of(new Dimension("a", "a", "absolute", 1, 1, false, false),
                        new Dimension("b", "b", "absolute", 1, 1, false, false)));
    }

    private static CollectionResult result(ChartUpdate... updates) {
        return new CollectionResult(new JobId("m", "j"), "m_j", Instant.EPOCH, List.of(updates), List.of(), List.of(),
                null);
    }

    @Test
    void validResultPassesUnchanged() {
        CollectionResult result = result(new ChartUpdate(chart("m_j", "c"), 0,
                List.of(new DimensionValue("a", Long.MAX_VALUE), new DimensionValue("b", Long.MIN_VALUE)), List.of()));
        Verdict verdict = validator.validate(result);
        assertSame(result, verdict.accepted());
        assertTrue(verdict.rejections().isEmpty());
    }

    @Test
    void valueBeyondInt64IsDroppedForNetdataSinksAndTheRestOfTheChartKept() {
        BigInteger huge = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        CollectionResult result = result(new ChartUpdate(chart("m_j", "c"), 0,
                List.of(new DimensionValue("a", huge), new DimensionValue("b", 7L)),
                List.of(new DimensionValue("v", huge.negate().subtract(BigInteger.TWO)))));
        // the chart rules, for every sink, leave it
        assertSame(result, validator.validate(result).accepted());
        Verdict verdict = new NetdataValueValidator().validate(result);
        assertEquals(List.of(new DimensionValue("b", 7L)), verdict.accepted().charts().get(0).values());
        assertEquals(List.of(), verdict.accepted().charts().get(0).variables());
        assertEquals(List.of("value", "variable"), verdict.rejections().stream().map(r -> r.category()).toList());
        assertTrue(verdict.rejections().get(0).record().contains("9223372036854775808"));
    }

    @Test
    void chartWithoutIdIsDroppedWhole() {
        ChartUpdate good = new ChartUpdate(chart("m_j", "c"), 0, List.of(new DimensionValue("a", 1L)), List.of());
        ChartUpdate bad = new ChartUpdate(chart("m_j", ""), 0, List.of(new DimensionValue("a", 1L)), List.of());
        Verdict verdict = validator.validate(result(good, bad));
        assertEquals(List.of(good), verdict.accepted().charts());
        assertEquals("a chart needs an id", verdict.rejections().get(0).rule());
    }
}
