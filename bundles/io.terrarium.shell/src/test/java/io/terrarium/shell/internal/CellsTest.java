package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void memoryShowsInBinaryUnitsAndUnknownAsNothing() {
        assertEquals("512B", Cells.bytes(512));
        assertEquals("1KiB", Cells.bytes(1024));
        assertEquals("1023KiB", Cells.bytes(1024 * 1024 - 1));
        assertEquals("1.0MiB", Cells.bytes(1024 * 1024));
        assertEquals("75.3MiB", Cells.bytes(78_957_773));
        assertEquals("2.5GiB", Cells.bytes(2_684_354_560L));
        assertNull(Cells.bytes(-1));
    }

    @Test
    void agesShowTheirTwoLargestUnits() {
        assertEquals("0s", Cells.age(Duration.ZERO));
        assertEquals("59s", Cells.age(Duration.ofSeconds(59)));
        assertEquals("1m00s", Cells.age(Duration.ofSeconds(60)));
        assertEquals("2h13m", Cells.age(Duration.ofMinutes(133).plusSeconds(59)));
        assertEquals("3d02h", Cells.age(Duration.ofHours(74)));
        assertEquals("0s", Cells.age(Duration.ofSeconds(-3)), "a clock step back shows no negative age");
    }

    @Test
    void durationsShowMillisecondsThenTenthsOfSecondsThenMinutes() {
        assertEquals("999ms", Cells.duration(Duration.ofMillis(999)));
        assertEquals("1.0s", Cells.duration(Duration.ofMillis(1000)));
        assertEquals("59.9s", Cells.duration(Duration.ofMillis(59_949)));
        assertEquals("1m00s", Cells.duration(Duration.ofSeconds(60)));
        assertNull(Cells.duration(null));
    }

    @Test
    void countersNotCountedShowAsNothing() {
        assertEquals("0", Cells.count(0));
        assertNull(Cells.count(-1));
    }

    @Test
    void anEmptySinkListMeansEverySink() {
        assertEquals("all", Cells.sinks(List.of()));
        assertEquals("netdata,datakit", Cells.sinks(List.of("netdata", "datakit")));
    }
}
