package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SinkNamesTest {

    @Test
    void missingEmptyOrBlankMeansEverySink() {
        assertEquals(Optional.of(List.of()), SinkNames.parse(null));
        assertEquals(Optional.of(List.of()), SinkNames.parse(""));
        assertEquals(Optional.of(List.of()), SinkNames.parse("  "));
        assertEquals(Optional.of(List.of()), SinkNames.parse(List.of()));
        assertEquals(Optional.of(List.of()), SinkNames.parse(List.of(" ")));
    }

    @Test
    void aNameIsAListOfOneTrimmed() {
        assertEquals(Optional.of(List.of("datakit")), SinkNames.parse(" datakit "));
    }

    @Test
    void aListKeepsItsOrderTrimmedWithoutRepeats() {
        assertEquals(Optional.of(List.of("netdata", "datakit")),
                SinkNames.parse(List.of("netdata", " datakit", "netdata ", "")));
    }

    @Test
    void anythingElseIsRefused() {
        assertEquals(Optional.empty(), SinkNames.parse(12));
        assertEquals(Optional.empty(), SinkNames.parse(true));
        assertEquals(Optional.empty(), SinkNames.parse(Map.of("a", "b")));
        assertEquals(Optional.empty(), SinkNames.parse(List.of("datakit", 1)));
        assertEquals(Optional.empty(), SinkNames.parse(Arrays.asList("datakit", null)));
    }
}
