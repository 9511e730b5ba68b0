package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FrameworkPropertySettingsTest {

    private final List<Problem> problems = new ArrayList<>();

    private PythonDSettings read(Map<String, String> properties) {
        return FrameworkPropertySettings.read(properties::get, problems::add);
    }

    @Test
    void unsetFoldersDefaultToTheHomesConfDAndPythonD() {
        PythonDSettings settings = read(Map.of("terrarium.home", "/opt/terrarium"));

        assertEquals(List.of(Path.of("/opt/terrarium/conf.d")), settings.configDirs());
        assertEquals(List.of(Path.of("/opt/terrarium/python.d")), settings.moduleDirs());
        assertEquals(List.of(), settings.commandLineModules());
        assertEquals(1, settings.defaultUpdateEvery());
        assertEquals(1, settings.minUpdateEvery());
    }

    @Test
    void propertiesAreSplitInPrecedenceOrder() {
        PythonDSettings settings = read(Map.of(
                "terrarium.conf.dirs", "/etc/netdata:/usr/lib/netdata/conf.d",
                "terrarium.python.dirs", "/u/python.d::/usr/lib/netdata/python.d",
                "terrarium.modules", "example, apache,,",
                "terrarium.update_every.default", "2",
                "terrarium.update_every.min", "5"));

        assertEquals(List.of(Path.of("/etc/netdata"), Path.of("/usr/lib/netdata/conf.d")), settings.configDirs());
        assertEquals(List.of(Path.of("/u/python.d"), Path.of("/usr/lib/netdata/python.d")), settings.moduleDirs());
        assertEquals(List.of("example", "apache"), settings.commandLineModules());
        assertEquals(2, settings.defaultUpdateEvery());
        assertEquals(5, settings.minUpdateEvery());
        assertEquals(List.of(), problems);
    }

    @Test
    void unusableNumberIsReportedAndReplacedByOne() {
        PythonDSettings settings = read(Map.of("terrarium.update_every.default", "soon",
                "terrarium.update_every.min", "0"));

        assertEquals(1, settings.defaultUpdateEvery());
        assertEquals(1, settings.minUpdateEvery());
        assertEquals(2, problems.size());
    }
}
