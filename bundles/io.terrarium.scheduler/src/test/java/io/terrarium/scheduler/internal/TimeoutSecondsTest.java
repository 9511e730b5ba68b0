package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeoutSecondsTest {

    @Test
    void aPositiveNumberOrNumericTextIsTaken() {
        assertEquals(2_500, CollectionScheduler.seconds(2.5, 60));
        assertEquals(7_000, CollectionScheduler.seconds(7, 60));
        assertEquals(3_000, CollectionScheduler.seconds(" 3 ", 60));
        assertEquals(1, CollectionScheduler.seconds(0.0001, 60));
    }

    @Test
    void zeroNegativeAndWhatIsNoNumberGiveTheDefaultNeverOneMillisecond() {
        assertEquals(60_000, CollectionScheduler.seconds(0, 60));
        assertEquals(60_000, CollectionScheduler.seconds(-5, 60));
        assertEquals(60_000, CollectionScheduler.seconds("0", 60));
        assertEquals(60_000, CollectionScheduler.seconds("soon", 60));
        assertEquals(60_000, CollectionScheduler.seconds(Double.NaN, 60));
        assertEquals(60_000, CollectionScheduler.seconds(Double.POSITIVE_INFINITY, 60));
        assertEquals(60_000, CollectionScheduler.seconds(true, 60));
        assertEquals(60_000, CollectionScheduler.seconds(null, 60));
    }
}
