package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunClockTest {

    @Test
    void nextRunIsTheNextAlignedSlot() {
        assertEquals(11_000, RunClock.nextRun(10_000, 1, 0));
        assertEquals(11_000, RunClock.nextRun(10_999, 1, 0));
        assertEquals(15_000, RunClock.nextRun(10_001, 5, 0));
        assertEquals(15_000, RunClock.nextRun(10_000, 5, 0));
    }

    @Test
    void lateRunSkipsMissedSlots() {
        // a run that started at 10 s and ended at 13.4 s with update_every 1 next runs at 14 s, not 11 s
        assertEquals(14_000, RunClock.nextRun(13_400, 1, 0));
    }

    @Test
    void penaltyIsAddedAfterTheAlignedSlot() {
        assertEquals(11_000 + 3_000, RunClock.nextRun(10_500, 1, 3));
    }

    @Test
    void penaltyGrowsOnEveryFifthFailureOnly() {
        assertEquals(0, RunClock.penaltyAfterFailure(4, 1, true, 0));
        assertEquals(2, RunClock.penaltyAfterFailure(5, 1, true, 0)); // Python: round(2.5) == 2
        assertEquals(8, RunClock.penaltyAfterFailure(15, 1, true, 0)); // Python: round(7.5) == 8
        assertEquals(2, RunClock.penaltyAfterFailure(6, 1, true, 2));
        assertEquals(5, RunClock.penaltyAfterFailure(10, 1, true, 2));
        assertEquals(25, RunClock.penaltyAfterFailure(10, 5, true, 0));
    }

    @Test
    void penaltyIsCappedAtTenMinutes() {
        assertEquals(600, RunClock.penaltyAfterFailure(5000, 10, true, 0));
    }

    @Test
    void noPenaltyWhenDisabled() {
        assertEquals(0, RunClock.penaltyAfterFailure(5, 1, false, 0));
    }
}
