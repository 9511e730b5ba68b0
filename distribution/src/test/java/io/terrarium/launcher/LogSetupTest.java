package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LogSetupTest {

    @Test
    void netdataLogLevelsMapToTheLeastLevelLogged() {
        assertEquals("debug", LogSetup.netdataLevel("debug"));
        assertEquals("debug", LogSetup.netdataLevel(" TRACE "));
        assertEquals("info", LogSetup.netdataLevel("info"));
        assertEquals("info", LogSetup.netdataLevel("notice"));
        assertEquals("warn", LogSetup.netdataLevel("warning"));
        assertEquals("error", LogSetup.netdataLevel("err"));
        assertEquals("error", LogSetup.netdataLevel("critical"));
        assertEquals("error", LogSetup.netdataLevel("emergency"));
    }

    @Test
    void whatIsNotSetOrNotALevelLeavesTheDefault() {
        assertNull(LogSetup.netdataLevel(null));
        assertNull(LogSetup.netdataLevel(""));
        assertNull(LogSetup.netdataLevel("loud"));
    }
}
