package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** python.d.plugin's parse_command_line, rule by rule. */
class PluginArgumentsTest {

    private static PluginArguments parse(String... argv) {
        return PluginArguments.parse(List.of(argv));
    }

    @Test
    void noArgumentsMeansEveryEnabledModuleAtUpdateEveryOne() {
        PluginArguments args = parse();
        assertEquals(1, args.updateEveryMin());
        assertEquals(List.of(), args.modules());
        assertFalse(args.debug());
        assertFalse(args.trace());
        assertFalse(args.nolock());
    }

    @Test
    void theNumberNetdataPassesIsTheMinimumUpdateEvery() {
        assertEquals(5, parse("5").updateEveryMin());
    }

    @Test
    void theNumberMayComeAfterModuleNames() {
        PluginArguments args = parse("example", "3", "apache");
        assertEquals(3, args.updateEveryMin());
        assertEquals(List.of("example", "apache"), args.modules());
    }

    @Test
    void onlyTheFirstNumberCountsAndALaterOneIsAModuleName() {
        PluginArguments args = parse("2", "7");
        assertEquals(2, args.updateEveryMin());
        assertEquals(List.of("7"), args.modules());
    }

    @Test
    void zeroIsNotAnUpdateEverySoItIsAModuleName() {
        PluginArguments args = parse("0", "4");
        assertEquals(4, args.updateEveryMin());
        assertEquals(List.of("0"), args.modules());
    }

    @Test
    void leadingZerosAreDigitsToo() {
        assertEquals(7, parse("007").updateEveryMin());
    }

    @Test
    void aNumberTooLargeForAnIntIsCappedNotAModuleName() {
        PluginArguments args = parse("99999999999999999999");
        assertEquals(Integer.MAX_VALUE, args.updateEveryMin());
        assertEquals(List.of(), args.modules());
    }

    @Test
    void wordsWithDigitsAndLettersAreModuleNames() {
        PluginArguments args = parse("1s", "x1");
        assertEquals(1, args.updateEveryMin());
        assertEquals(List.of("1s", "x1"), args.modules());
    }

    @Test
    void debugTraceAndNolockAreSwitches() {
        PluginArguments args = parse("1", "example", "debug", "trace", "nolock");
        assertTrue(args.debug());
        assertTrue(args.trace());
        assertTrue(args.nolock());
        assertEquals(List.of("example"), args.modules());
    }

    @Test
    void aRepeatedSwitchWordIsAModuleName() {
        PluginArguments args = parse("debug", "debug", "nolock");
        assertTrue(args.debug());
        assertTrue(args.nolock());
        assertEquals(List.of("debug"), args.modules());
    }

    @Test
    void switchesAreCaseSensitive() {
        PluginArguments args = parse("DEBUG");
        assertFalse(args.debug());
        assertEquals(List.of("DEBUG"), args.modules());
    }

    @Test
    void modulesKeepTheirOrderAndRepeatsAreDropped() {
        assertEquals(List.of("b", "a"), parse("b", "a", "b").modules());
    }
}
