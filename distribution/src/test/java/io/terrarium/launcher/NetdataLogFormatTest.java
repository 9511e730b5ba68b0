package io.terrarium.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NetdataLogFormatTest {

    private static final Instant TIME = Instant.parse("2026-12-03T10:11:12.345Z");

    private static String render(NetdataLogFormat format, NetdataLogFormat.Level level, String message,
            Throwable thrown) {
        return new String(format.render(TIME, ZoneOffset.ofHours(2), level, "io.terrarium.x.Y", "main", message,
                thrown), StandardCharsets.UTF_8);
    }

    @Test
    void theEnvironmentChoosesTheFormat() {
        assertEquals(Optional.of(NetdataLogFormat.LOGFMT), NetdataLogFormat.of("stderr", "logfmt"));
        assertEquals(Optional.of(NetdataLogFormat.JOURNAL), NetdataLogFormat.of("stderr", "journal"));
        assertEquals(Optional.of(NetdataLogFormat.JOURNAL), NetdataLogFormat.of("journal", null));
        assertEquals(Optional.of(NetdataLogFormat.JSON), NetdataLogFormat.of(null, " JSON "));
        assertEquals(Optional.empty(), NetdataLogFormat.of(null, null), "1.37 sets none: our own lines");
        assertEquals(Optional.empty(), NetdataLogFormat.of("syslog", "syslog"));
        assertEquals(Optional.empty(), NetdataLogFormat.of("none", "logfmt"));
        assertTrue(NetdataLogFormat.silent(" none"));
    }

    @Test
    void logfmtHasNetdatasFieldNamesAndQuotesWhatNeedsIt() {
        assertEquals("time=2026-12-03T12:11:12.345+02:00 comm=terrarium.plugin source=collector level=warning"
                + " thread=main logger=io.terrarium.x.Y msg=\"job foo: a \\\"quoted\\\" word = x\\\\y\"\n",
                render(NetdataLogFormat.LOGFMT, NetdataLogFormat.Level.WARNING, "job foo: a \"quoted\" word = x\\y",
                        null));
        assertEquals("... level=info thread=main logger=io.terrarium.x.Y msg=plain\n",
                "... " + render(NetdataLogFormat.LOGFMT, NetdataLogFormat.Level.INFO, "plain", null)
                        .substring(render(NetdataLogFormat.LOGFMT, NetdataLogFormat.Level.INFO, "plain", null)
                                .indexOf("level=")));
        String withTrace = render(NetdataLogFormat.LOGFMT, NetdataLogFormat.Level.ERROR, "failed",
                new IllegalStateException("boom"));
        assertEquals(1, withTrace.chars().filter(c -> c == '\n').count(), "one line, the trace escaped");
        assertTrue(withTrace.contains("msg=\"failed\\njava.lang.IllegalStateException: boom\\n\\tat "), withTrace);
    }

    @Test
    void jsonIsOneObjectPerLine() {
        assertEquals("{\"time\":\"2026-12-03T12:11:12.345+02:00\",\"comm\":\"terrarium.plugin\",\"source\":\"collector\","
                + "\"level\":\"debug\",\"thread\":\"main\",\"logger\":\"io.terrarium.x.Y\",\"msg\":\"a\\tb\"}\n",
                render(NetdataLogFormat.JSON, NetdataLogFormat.Level.DEBUG, "a\tb", null));
    }

    @Test
    void journalExportFormatWithSyslogPrioritiesAndBinaryMultiLineValues() {
        assertEquals("SYSLOG_IDENTIFIER=terrarium.plugin\nND_LOG_SOURCE=collector\nPRIORITY=3\nTHREAD_TAG=main\n"
                + "TERRARIUM_LOGGER=io.terrarium.x.Y\nMESSAGE=one line\n\n",
                render(NetdataLogFormat.JOURNAL, NetdataLogFormat.Level.ERROR, "one line", null));
        byte[] record = NetdataLogFormat.JOURNAL.render(TIME, ZoneOffset.UTC, NetdataLogFormat.Level.INFO, "l", "t",
                "two\nlines", null);
        String text = new String(record, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("MESSAGE\n") + "MESSAGE\n".length();
        long length = ByteBuffer.wrap(record, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(9, length);
        assertEquals("two\nlines\n\n", text.substring(at + 8));
        assertTrue(text.contains("PRIORITY=6\n"));
    }
}
