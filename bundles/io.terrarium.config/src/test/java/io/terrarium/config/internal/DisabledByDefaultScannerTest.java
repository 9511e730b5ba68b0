package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisabledByDefaultScannerTest {

    @TempDir
    Path dir;

    private final List<Problem> problems = new ArrayList<>();

    private boolean scan(String source) {
        Path file = dir.resolve("m.chart.py");
        PythonDLayout.write(file, source);
        return new DisabledByDefaultScanner().isDisabledByDefault(new ModuleSource("m", file), problems::add);
    }

    @Test
    void topLevelTrueDisables() {
        assertTrue(scan("import os\n\ndisabled_by_default = True  # needs root\n"));
    }

    @Test
    void absentMeansEnabled() {
        assertFalse(scan("update_every = 5\n"));
    }

    @Test
    void falsyLiteralsDoNotDisable() {
        assertFalse(scan("disabled_by_default = False\n"));
        assertFalse(scan("disabled_by_default = 0\n"));
        assertFalse(scan("disabled_by_default = None\n"));
        assertFalse(scan("disabled_by_default = ''\n"));
    }

    @Test
    void truthyLiteralsDisable() {
        assertTrue(scan("disabled_by_default = 1\n"));
        assertTrue(scan("disabled_by_default = 'yes'\n"));
        assertTrue(scan("disabled_by_default: bool = True\n"));
    }

    @Test
    void lastTopLevelAssignmentWins() {
        assertFalse(scan("disabled_by_default = True\ndisabled_by_default = False\n"));
    }

    @Test
    void indentedAssignmentIsNotTopLevel() {
        assertFalse(scan("class Service:\n    disabled_by_default = True\n"));
    }

    @Test
    void nonLiteralIsReportedAndTakenAsFalse() {
        assertFalse(scan("disabled_by_default = os.getuid() != 0\n"));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("m.chart.py:1"), problems.get(0).message());
    }
}
