package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Stock modules that read files (fail2ban on LogService, smartd_log on SimpleService), unmodified, while the
 * test writes to those files: the same charts as python.d.plugin, and the values change the same way. When a
 * write lands depends on the tick, so values are compared as the sequence each chart went through.
 */
class StockLogModulesIT extends StockModulesComparison {

    private static final String FAILED = "fail2ban_local.jails_failed_attempts";
    private static final String BANS = "fail2ban_local.jails_bans";
    private static final String BANNED = "fail2ban_local.jails_banned_ips";
    private static final String TEMPERATURE = "smartd_log.temperature_celsius";
    private static final String ATA_DISK = "WDC_WD10EZEX_00BN5A0-WD_WCC3F7";

    @Override
    List<String> modules() {
        return List.of("fail2ban", "smartd_log");
    }

    @Override
    int updates() {
        return 3;
    }

    @Override
    void whileRunning(StockRun reference, StockRun ours) throws Exception {
        // both jobs have run create() (LogService seeks to the end there) and made an update
        assertTrue(reference.awaitUpdates(1, TIMEOUT_MILLIS), "python.d.plugin collects both modules");
        ours.awaitUpdates(1, TIMEOUT_MILLIS);
        for (StockRun run : List.of(reference, ours)) {
            run.peers.fail2banActivity();
            run.peers.smartdReading();
        }
        for (StockRun run : List.of(reference, ours)) {
            awaitValues(run, "fail2ban", BANNED, Map.of("sshd_in_jail", "1", "nginx-http-auth_in_jail", "1"));
            awaitValues(run, "smartd_log", TEMPERATURE, Map.of(ATA_DISK + "_194", "33"));
        }
        for (StockRun run : List.of(reference, ours)) {
            run.peers.fail2banRotation();
        }
        for (StockRun run : List.of(reference, ours)) {
            awaitValues(run, "fail2ban", BANNED, Map.of("apache-auth_in_jail", "1"));
        }
    }

    @Test
    void fail2banCountsAppendedAndRotatedLogLinesPerJailAsPythonDDoes() {
        assertEquals(StockPeers.charts("fail2ban"), StockComparison.charts(reference, "fail2ban"));
        assertSameAsPythonD("fail2ban", false);
        var changes = StockComparison.valueChanges(StockComparison.updates(reference, "fail2ban"));
        assertEquals(3, changes.get(BANNED).size(), "before the writes, after the appends, after the rotation");
        assertEquals(changes, StockComparison.valueChanges(StockComparison.updates(ours, "fail2ban")),
                "the same values, changing the same way");
        // jails: jail_d/*.conf first, then jail.local (recidive excluded), then *.local turning apache-auth on
        assertEquals(List.of("nginx-http-auth", "sshd", "apache-auth"), ours.definitions.get(BANS).dimensions().stream()
                .map(words -> words.get(1)).toList());
        assertEquals(Map.of("nginx-http-auth_failed_attempts", "1", "sshd_failed_attempts", "3",
                "apache-auth_failed_attempts", "0"), StockComparison.lastValues(ours, "fail2ban", FAILED));
        assertEquals(Map.of("nginx-http-auth", "1", "sshd", "2", "apache-auth", "1"),
                StockComparison.lastValues(ours, "fail2ban", BANS));
        assertEquals(Map.of("nginx-http-auth_in_jail", "1", "sshd_in_jail", "1", "apache-auth_in_jail", "1"),
                StockComparison.lastValues(ours, "fail2ban", BANNED));
    }

    @Test
    void smartdLogChartsAtaAndScsiAttributesAndFollowsANewReadingAsPythonDDoes() {
        assertEquals(StockPeers.charts("smartd_log"), StockComparison.charts(reference, "smartd_log"));
        assertSameAsPythonD("smartd_log", false);
        var changes = StockComparison.valueChanges(StockComparison.updates(reference, "smartd_log"));
        assertEquals(2, changes.get(TEMPERATURE).size(), "before and after the new reading");
        assertEquals(changes, StockComparison.valueChanges(StockComparison.updates(ours, "smartd_log")),
                "the same values, changing the same way");
        // the stale disk and the README are skipped; the SCSI disk's temperature is charted beside the ATA one
        assertEquals(Map.of(ATA_DISK + "_194", "33", "SEAGATE-ST4000NM0023-Z1Z0AAAA_temperature", "36"),
                StockComparison.lastValues(ours, "smartd_log", TEMPERATURE));
        assertEquals(Map.of(ATA_DISK + "_5", "8"),
                StockComparison.lastValues(ours, "smartd_log", "smartd_log.reallocated_sectors_count"));
    }
}
