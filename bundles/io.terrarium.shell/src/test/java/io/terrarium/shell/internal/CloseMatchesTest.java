package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CloseMatchesTest {

    private static List<String> among(String wanted, String... candidates) {
        return CloseMatches.among(wanted, List.of(candidates), List::of, name -> name);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, CloseMatches.distance("netdata", "netdata"));
        assertEquals(1, CloseMatches.distance("netdta", "netdata"));
        assertEquals(1, CloseMatches.distance("netdatas", "netdata"));
        assertEquals(1, CloseMatches.distance("netdeta", "netdata"));
        assertEquals(7, CloseMatches.distance("", "netdata"));
    }

    @Test
    void prefixesComeFirstThenTheClosestCaseIgnored() {
        assertEquals(List.of("datakt-eu", "datakit", "DATAKIT2"),
                among("datakt", "DATAKIT2", "datakit", "file", "datakt-eu"));
    }

    @Test
    void atMostFiveAreSuggested() {
        assertEquals(5, among("s", "s1", "s2", "s3", "s4", "s5", "s6").size());
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertEquals(List.of(), among("prometheus", "netdata", "datakit"));
        assertEquals("", CloseMatches.suggestion(List.of()));
    }
}
