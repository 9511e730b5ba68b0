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

    @Test
    void aCellWithLineBreaksOrTabsStaysOnItsRow() {
        assertEquals("""
                A        B
                one two  x
                -        y""", new Table("A", "B").row("one\n\ttwo", "x").row("  ", "y").render());
    }

    @Test
    void noLineEndsInSpacesEvenWhenItsLastCellIsShorterThanTheHeader() {
        String table = new Table("NAME", "MESSAGE").row("a-long-name", "m").render();
        assertEquals("""
                NAME         MESSAGE
                a-long-name  m""", table);
        table.lines().forEach(line -> assertEquals(line.stripTrailing(), line));
    }
}
