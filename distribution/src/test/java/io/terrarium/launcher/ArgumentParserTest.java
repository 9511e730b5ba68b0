package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class ArgumentParserTest {

    private static LaunchOptions parse(String... args) throws UsageException {
        return new ArgumentParser().parse(List.of(args));
    }

    @Test
    void noArgumentsIsTheShell() throws UsageException {
        LaunchOptions options = parse();
        assertEquals(Mode.SHELL, options.mode());
        assertEquals(Optional.empty(), options.home());
        assertEquals(List.of(), options.confDirs());
        assertEquals(List.of(), options.pythonDirs());
        assertFalse(options.debug());
        assertEquals(PluginArguments.NONE, options.plugin());
        assertEquals(OptionalInt.empty(), options.telnetPort());
    }

    @Test
    void headlessRunsWithoutAConsole() throws UsageException {
        assertEquals(Mode.HEADLESS, parse("--headless").mode());
    }

    @Test
    void netdataIsPluginModeAndTheRestIsPythonDsCommandLine() throws UsageException {
        LaunchOptions options = parse("--netdata", "5", "example", "nolock");
        assertEquals(Mode.PLUGIN, options.mode());
        assertEquals(5, options.plugin().updateEveryMin());
        assertEquals(List.of("example"), options.plugin().modules());
        assertTrue(options.plugin().nolock());
    }

    @Test
    void netdataWinsOverHeadless() throws UsageException {
        assertEquals(Mode.PLUGIN, parse("--headless", "--netdata").mode());
    }

    @Test
    void thePluginsDebugWordTurnsOnDebugLogging() throws UsageException {
        assertTrue(parse("--netdata", "1", "debug").debug());
    }

    @Test
    void debugFlagWorksInEveryMode() throws UsageException {
        assertTrue(parse("--debug").debug());
        assertTrue(parse("--netdata", "--debug", "1").debug());
    }

    @Test
    void launcherOptionsMayFollowPluginArguments() throws UsageException {
        LaunchOptions options = parse("--netdata", "1", "example", "--home", "/opt/t");
        assertEquals(Optional.of(Path.of("/opt/t")), options.home());
        assertEquals(List.of("example"), options.plugin().modules());
    }

    @Test
    void folderOptionsTakeTheNextWordOrAnEqualsValue() throws UsageException {
        LaunchOptions options = parse("--home=/a", "--conf-dir", "/b", "--python-dir=/c");
        assertEquals(Optional.of(Path.of("/a")), options.home());
        assertEquals(List.of(Path.of("/b")), options.confDirs());
        assertEquals(List.of(Path.of("/c")), options.pythonDirs());
    }

    @Test
    void folderOptionsRepeatInPrecedenceOrder() throws UsageException {
        LaunchOptions options = parse("--conf-dir", "/user", "--conf-dir", "/stock");
        assertEquals(List.of(Path.of("/user"), Path.of("/stock")), options.confDirs());
    }

    @Test
    void relativeFoldersBecomeAbsolute() throws UsageException {
        Path expected = Path.of("").toAbsolutePath().resolve("conf").normalize();
        assertEquals(List.of(expected), parse("--conf-dir", "./conf").confDirs());
    }

    @Test
    void aFolderOptionWithoutValueIsAnError() {
        assertThrows(UsageException.class, () -> parse("--home"));
        assertThrows(UsageException.class, () -> parse("--conf-dir="));
    }

    @Test
    void unknownOptionsAreErrors() {
        assertThrows(UsageException.class, () -> parse("--bogus"));
        assertThrows(UsageException.class, () -> parse("--netdata", "-x"));
    }

    @Test
    void flagsTakeNoValue() {
        assertThrows(UsageException.class, () -> parse("--headless=yes"));
    }

    @Test
    void wordsOutsidePluginModeAreErrors() {
        UsageException e = assertThrows(UsageException.class, () -> parse("1", "example"));
        assertTrue(e.getMessage().contains("'1'"), e.getMessage());
    }

    @Test
    void telnetTakesAPortNumber() throws UsageException {
        assertEquals(OptionalInt.of(2019), parse("--headless", "--telnet", "2019").telnetPort());
        assertThrows(UsageException.class, () -> parse("--telnet", "0"));
        assertThrows(UsageException.class, () -> parse("--telnet", "70000"));
        assertThrows(UsageException.class, () -> parse("--telnet", "x"));
    }

    @Test
    void helpIsRecognised() throws UsageException {
        assertTrue(parse("--help").help());
        assertTrue(parse("-h").help());
    }
}
