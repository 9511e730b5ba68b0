package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ScanLogTest {

    private final ScanLog log = new ScanLog(LoggerFactory.getLogger(ScanLogTest.class));

    private static final Problem BROKEN = Problem.error("foo.conf:2:3: mapping values are not allowed here", "aaaa");
    private static final Problem OTHER = Problem.warning("bar.conf: something");

    @Test
    void aProblemIsLoggedOnceWhileItLasts() {
        assertEquals(List.of(BROKEN), log.newProblems(List.of(BROKEN)));
        assertEquals(List.of(OTHER), log.newProblems(List.of(BROKEN, OTHER)));
        assertEquals(List.of(), log.newProblems(List.of(OTHER, BROKEN)));
    }

    @Test
    void aProblemThatWentAwayAndComesBackIsLoggedAgain() {
        log.newProblems(List.of(BROKEN));
        log.newProblems(List.of());

        assertEquals(List.of(BROKEN), log.newProblems(List.of(BROKEN)));
    }

    @Test
    void theSameMessageAboutNewContentIsLoggedAgain() {
        log.newProblems(List.of(BROKEN));
        Problem sameMessageNewContent = Problem.error(BROKEN.message(), "bbbb");

        assertEquals(List.of(sameMessageNewContent), log.newProblems(List.of(sameMessageNewContent)));
    }

    @Test
    void aProblemRepeatedWithinOneScanIsLoggedOnce() {
        assertEquals(List.of(OTHER), log.newProblems(List.of(OTHER, OTHER)));
    }

    @Test
    void notesAreLoggedOnceWhileTheyLast() {
        assertEquals(List.of("module a is disabled"), log.newNotes(List.of("module a is disabled")));
        assertEquals(List.of(), log.newNotes(List.of("module a is disabled")));
        log.newNotes(List.of());
        assertEquals(List.of("module a is disabled"), log.newNotes(List.of("module a is disabled")));
    }
}
