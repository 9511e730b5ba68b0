package io.terrarium.sink.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class SampleValueTest {

    @Test
    void integersStayExactEvenBeyondWhatADoubleHolds() {
        assertEquals("9223372036854775807", SampleValue.scaled(Long.MAX_VALUE, 1, 1));
        assertEquals("-9007199254740993", SampleValue.field(-9_007_199_254_740_993L));
        assertEquals("123456789012345678901234567890", SampleValue.field(new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void scalingMultipliesThenDivides() {
        assertEquals("1.23", SampleValue.scaled(123L, 1, 100));
        assertEquals("-3", SampleValue.scaled(3072L, -1, 1024));
        assertEquals("8000", SampleValue.scaled(1_000_000L, 8, 1000));
        assertEquals(String.valueOf(Long.MAX_VALUE * 2.0 / 3), SampleValue.scaled(Long.MAX_VALUE, 2, 3));
    }

    @Test
    void nonFiniteValuesAreSpelledAsTheFormatSays() {
        assertEquals("NaN", SampleValue.of(Double.NaN));
        assertEquals("+Inf", SampleValue.of(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", SampleValue.of(Double.NEGATIVE_INFINITY));
    }

    @Test
    void booleansAreOneOrZeroAndStringsHaveNoValue() {
        assertEquals("1", SampleValue.field(true));
        assertEquals("0", SampleValue.field(false));
        assertEquals("0.5", SampleValue.field(0.5));
        assertNull(SampleValue.field("up"));
    }
}
