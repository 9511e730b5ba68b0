package io.terrarium.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsArePaddedToTheWidestCellAndMissingCellsShowADash() {
        String table = new Table("A", "LONGER", "C").row("wide-cell", 1, null).row("x", 22).toString();
        assertEquals("""
                A          LONGER  C
                wide-cell  1       -
                x          22      -
                """, table);
    }
}
