package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Stock modules on SocketService (memcached, hddtemp, dovecot, gearman, uwsgi, squid, ntpd) and boinc (its own
 * socket client from Netdata's third_party), unmodified, against local TCP, UDP and unix socket servers speaking
 * their protocols with fixed answers: terrarium.plugin defines the same
 * charts as python.d.plugin, changes them at the same updates, and writes the same values.
 */
class StockSocketModulesIT extends StockModulesComparison {

    @Override
    List<String> modules() {
        return List.of("memcached", "hddtemp", "dovecot", "gearman", "uwsgi", "squid", "ntpd", "boinc");
    }

    /** gearman retires a chart in update 2 and brings it back in 3; update 4 shows it steady again. */
    @Override
    int updates() {
        return 4;
    }

    @Test
    void memcachedStatsGiveTheSameChartsAndValuesThroughTheSecondAlternativeJob() {
        assertEquals(StockPeers.charts("memcached"), StockComparison.charts(reference, "memcached"));
        assertSameAsPythonD("memcached", true);
        // the first alternative (nothing listening) failed its check; the second one runs
        assertEquals(List.of("CLABEL", "_collect_job", "localipv4", "0"),
                ours.definitions.get("memcached_local.cache").labels().get(0));
        assertEquals(Map.of("avail", "59768832", "used", "7340032"),
                StockComparison.lastValues(ours, "memcached", "memcached_local.cache"));
        // python.d knows no 'percent-of-absolute-row' (memcached's spelling) and writes absolute
        assertEquals("absolute", ours.definitions.get("memcached_local.get").dimensions().get(0).get(3));
    }

    @Test
    void hddtempReportsOnlyAwakeDisksOfTheConfiguredDevicesAsPythonDDoes() {
        assertEquals(StockPeers.charts("hddtemp"), StockComparison.charts(reference, "hddtemp"));
        assertSameAsPythonD("hddtemp", true);
        assertEquals(List.of("sda", "sdb", "sdc"), ours.definitions.get("hddtemp_local.temperatures").dimensions()
                .stream().map(words -> words.get(1)).toList());
        assertEquals(Map.of("sda", "38"), StockComparison.lastValues(ours, "hddtemp", "hddtemp_local.temperatures"));
    }

    @Test
    void dovecotReadsGlobalStatsFromAUnixSocketAsPythonDDoes() {
        assertEquals(StockPeers.charts("dovecot"), StockComparison.charts(reference, "dovecot"));
        assertSameAsPythonD("dovecot", true);
        assertEquals(Map.of("num_logins", "120"), StockComparison.lastValues(ours, "dovecot", "dovecot_local.logins"));
    }

    @Test
    void gearmanRetiresAVanishedJobsChartAndDefinesItAgainWhenItReturns() {
        assertEquals(StockPeers.charts("gearman"), StockComparison.charts(reference, "gearman"));
        assertSameAsPythonD("gearman", true);
        List<ProtocolBlocks.Definition> sendEmail = ours.definitionsOf("gearman_local.job_send_email");
        assertEquals(3, sendEmail.size(), "defined, retired, defined again: " + sendEmail);
        assertTrue(sendEmail.get(1).chart().get(10).contains("obsolete"), sendEmail.get(1).chart().toString());
        assertEquals(Map.of("send_email_pending", "4", "send_email_idle", "1", "send_email_running", "1"),
                StockComparison.lastValues(ours, "gearman", "gearman_local.job_send_email"));
    }

    @Test
    void uwsgiAddsANewWorkersDimensionsInTheUpdateItAppearsAsPythonDDoes() {
        assertEquals(StockPeers.charts("uwsgi"), StockComparison.charts(reference, "uwsgi"));
        assertSameAsPythonD("uwsgi", true);
        assertEquals(List.of("1001", "1002", "1003"), ours.definitions.get("uwsgi_local.requests").dimensions()
                .stream().map(words -> words.get(2)).toList());
    }

    @Test
    void squidCountersOverAKeptAliveChunkedHttpConnectionGiveTheSameValuesAsPythonD() {
        assertEquals(StockPeers.charts("squid"), StockComparison.charts(reference, "squid"));
        assertSameAsPythonD("squid", true);
        assertEquals(Map.of("server_all_requests", "10000", "server_all_errors", "3"),
                StockComparison.lastValues(ours, "squid", "squid_local.servers_requests"));
    }

    @Test
    void ntpdSystemVariablesOverUdpGiveTheSameValuesAsPythonD() {
        assertEquals(StockPeers.charts("ntpd"), StockComparison.charts(reference, "ntpd"));
        assertSameAsPythonD("ntpd", true);
        assertEquals(Map.of("offset", "-123456"), StockComparison.lastValues(ours, "ntpd", "ntpd_local.sys_offset"));
        assertEquals(Map.of("precision", "-23000000"),
                StockComparison.lastValues(ours, "ntpd", "ntpd_local.sys_precision"));
    }

    @Test
    void boincAuthenticatesWithNetdatasThirdPartyClientAndCountsTasksAsPythonDDoes() {
        assertEquals(StockPeers.charts("boinc"), StockComparison.charts(reference, "boinc"));
        assertSameAsPythonD("boinc", true);
        assertEquals(Map.of("total", "5", "active", "2"), StockComparison.lastValues(ours, "boinc", "boinc_local.tasks"));
    }
}
