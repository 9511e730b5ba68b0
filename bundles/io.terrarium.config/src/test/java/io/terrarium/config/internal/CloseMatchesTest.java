package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Expected values are Python 3.11's difflib on the same input. */
class CloseMatchesTest {

    private static final List<String> MODULES = List.of("adaptec_raid", "alarms", "example", "exim", "haproxy",
            "memcached", "nvidia_smi", "proxysql", "sensors", "smartd_log", "tomcat", "w1sensor");

    @Test
    void transposedLettersFindTheModule() {
        assertEquals(List.of("example"), CloseMatches.of("exmaple", MODULES));
    }

    @Test
    void missingLetterFindsTheModule() {
        assertEquals(List.of("memcached"), CloseMatches.of("memcache", MODULES));
    }

    @Test
    void severalMatchesBestFirst() {
        assertEquals(List.of("sensors", "w1sensor"), CloseMatches.of("sensor", MODULES));
        assertEquals(List.of("haproxy", "proxysql"), CloseMatches.of("ha_proxy", MODULES));
    }

    @Test
    void nothingCloseGivesNothing() {
        assertEquals(List.of(), CloseMatches.of("zzz", MODULES));
    }

    @Test
    void equalScoresGreatestStringFirstAndAtMostThree() {
        assertEquals(List.of("abd", "abc", "ab2"), CloseMatches.of("ab", List.of("ba", "ab2", "abc", "abd")));
    }

    @Test
    void ratioMatchesSequenceMatcher() {
        assertEquals(0.8571428571428571, CloseMatches.ratio("example", "exmaple"), 1e-12);
        assertEquals(0.8888888888888888, CloseMatches.ratio("abxcd", "abcd"), 1e-12);
        assertEquals(0.6666666666666666, CloseMatches.ratio("xaxbxc", "abc"), 1e-12);
        assertEquals(0.2222222222222222, CloseMatches.ratio("abcabc", "cba"), 1e-12);
    }
}
