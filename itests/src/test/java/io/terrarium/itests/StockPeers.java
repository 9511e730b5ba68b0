package io.terrarium.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Local stand-ins for what Debian's stock python.d modules collect from, started for one plugin run: fake
 * executables in {@link #bin}, log files, TCP and unix socket servers, HTTP servers. Each module gets a
 * configuration pointing at its fake ({@link #confs}). Answers are fixed or depend only on the request's
 * number, so two plugins running the same module against their own peers get the same values tick by tick.
 *
 * <p>Module by module, what the fake exercises besides the module itself:
 * <ul>
 * <li>exim, postfix, nsd (ExecutableService): a bare command name found in PATH; arguments checked by the fake;
 *     postfix's values are strings; nsd's counters grow with each run and its module-level update_every (30)
 *     is overridden by the top level of its conf.
 * <li>fail2ban (LogService): jails read from jail.local, jail.d/*.conf and *.local, an excluded jail; the log
 *     is appended to ({@link #fail2banActivity}) and rotated ({@link #fail2banRotation}) while it runs.
 * <li>smartd_log (SimpleService on files): ATA and SCSI attribute logs, a stale and a non-csv file skipped, a
 *     job whose name equals the module (chart type {@code smartd_log}); a new reading appended while it runs.
 * <li>memcached (SocketService, keep-alive): the first of two alternative jobs named 'local' fails to connect;
 *     an unknown dimension algorithm ('percent-of-absolute-row') becomes absolute.
 * <li>hddtemp (SocketService, connection closed by the peer): a sleeping disk (no value), the devices filter.
 * <li>dovecot (SocketService on a unix stream socket).
 * <li>gearman (SocketService, keep-alive): charts added in check() before create(); a chart retired
 *     (obsolete and deleted) on request 3 and added again on request 4.
 * <li>uwsgi (SocketService): a worker's dimensions added in get_data() on request 3.
 * <li>squid (SocketService speaking HTTP/1.1 itself): a chunked answer, keep-alive as the answer says.
 * <li>ntpd (SocketService over UDP): a binary mode 6 request, negative and fractional values.
 * <li>boinc (SimpleService with Netdata's third_party boinc_client): GUI RPC framing, nonce and password hash.
 * <li>traefik (UrlService): dimensions added in the first update; values derived from two requests.
 * <li>icecast (UrlService): dimensions from check(), an inactive source without a dimension.
 * <li>ipfs (UrlService): POST only, four URLs, a human-readable size.
 * <li>rabbitmq (UrlService): basic auth, charts added at runtime per vhost and queue, a vhost named '/',
 *     a title with double quotes, float rates truncated.
 * <li>tomcat (UrlService): basic auth, XML that needs the module's single-quote repair.
 * <li>go_expvar (UrlService): disabled by default in the stock python.d.conf; charts from the job's conf
 *     (extra_charts) with float values and a hidden line, a line of an unsupported type and a chart without
 *     id skipped.
 * <li>monit (UrlService): XML; a service disappears on request 3 (del_dimension) and another appears
 *     (add_dimension); a chart with the 'hidden' option; a negative uptime with no value.
 * </ul>
 */
final class StockPeers implements AutoCloseable {

    /** Every module there is a fake for, in a stable order. */
    static final List<String> MODULES = List.of("exim", "postfix", "nsd", "fail2ban", "smartd_log", "memcached",
            "hddtemp", "dovecot", "gearman", "uwsgi", "squid", "ntpd", "boinc", "traefik", "icecast", "ipfs",
            "rabbitmq", "tomcat", "go_expvar", "monit");

    /** The chart type (python.d's job name) each module's job gets from its conf below. */
    static String type(String module) {
        return switch (module) {
            case "smartd_log" -> "smartd_log";
            case "go_expvar" -> "go_expvar_app";
            default -> module + "_local";
        };
    }

    static String runtimeChart(String module) {
        return "netdata.runtime_" + type(module);
    }

    /** Charts a module defines with the 'hidden' option: the daemon collects them but leaves them out of its
     *  chart list (monit's process uptime, hidden because monit before 5.16 reported negative uptimes). */
    static final java.util.Set<String> HIDDEN_CHARTS = java.util.Set.of("monit_local.process_uptime");

    /**
     * The charts python.d.plugin defines for the module's job against its fake, in the order it defines them
     * (checked against python.d.plugin by the comparison tests): the runtime chart, then the module's own.
     */
    static List<String> charts(String module) {
        List<String> ids = switch (module) {
            case "exim" -> List.of("qemails");
            case "postfix" -> List.of("qemails", "qsize");
            case "nsd" -> List.of("queries", "zones", "protocol", "type", "transfer", "rcode");
            case "fail2ban" -> List.of("jails_failed_attempts", "jails_bans", "jails_banned_ips");
            case "smartd_log" -> List.of("read_error_rate", "seek_error_rate", "read_total_err_corrected",
                    "read_total_unc_errors", "write_total_err_corrected", "write_total_unc_errors",
                    "verify_total_err_corrected", "verify_total_unc_errors", "udma_crc_error_count",
                    "start_stop_count", "power_on_hours_count", "power_cycle_count", "spin_up_time",
                    "spin_up_retries", "calibration_retries", "airflow_temperature_celsius", "temperature_celsius",
                    "reallocated_sectors_count", "reallocation_event_count", "current_pending_sector_count",
                    "offline_uncorrectable_sector_count");
            case "memcached" -> List.of("cache", "net", "connections", "items", "evicted_reclaimed", "get",
                    "get_rate", "set_rate", "cas", "delete", "increment", "decrement", "touch", "touch_rate");
            case "hddtemp" -> List.of("temperatures");
            case "dovecot" -> List.of("sessions", "logins", "commands", "faults", "context_switches", "io", "net",
                    "syscalls", "lookup", "cache");
            // the job charts are added in check(), before create() adds total_workers
            case "gearman" -> List.of("job_resize_image", "job_send_email", "total_workers");
            case "uwsgi" -> List.of("requests", "tx", "avg_rt", "memory_rss", "memory_vsz", "exceptions",
                    "harakiri", "respawn");
            case "squid" -> List.of("clients_net", "clients_requests", "servers_net", "servers_requests");
            case "ntpd" -> List.of("sys_offset", "sys_jitter", "sys_frequency", "sys_wander", "sys_rootdelay",
                    "sys_rootdisp", "sys_stratum", "sys_tc", "sys_precision");
            case "boinc" -> List.of("tasks", "states", "sched_states", "process_states");
            case "traefik" -> List.of("response_statuses", "response_codes", "detailed_response_codes", "requests",
                    "total_response_time", "average_response_time", "average_response_time_per_iteration",
                    "uptime");
            case "icecast" -> List.of("listeners");
            case "ipfs" -> List.of("bandwidth", "peers", "repo_size", "repo_objects");
            case "rabbitmq" -> List.of("queued_messages", "connection_churn_rates", "channel_churn_rates",
                    "queue_churn_rates", "message_rates", "global_counts", "file_descriptors", "socket_descriptors",
                    "erlang_processes", "erlang_run_queue", "memory", "disk_space", "vhost_/_message_stats",
                    "vhost_shop_message_stats", "vhost_shop_queue_orders_queued_message",
                    "vhost_shop_queue_orders_messages_stats");
            case "tomcat" -> List.of("accesses", "bandwidth", "processing_time", "threads", "jvm", "jvm_eden",
                    "jvm_survivor", "jvm_tenured");
            case "go_expvar" -> List.of("memstats_heap", "memstats_stack", "memstats_mspan", "memstats_mcache",
                    "memstats_sys", "memstats_live_objects", "memstats_gc_pauses", "runtime_goroutines", "queue");
            // 'file' only from request 3 on, when the fake starts monitoring a file
            case "monit" -> List.of("filesystem", "directory", "process", "process_uptime", "process_threads",
                    "process_children", "host", "host_latency", "fifo", "program", "net", "file");
            default -> throw new IllegalArgumentException("no fake for " + module);
        };
        List<String> charts = new ArrayList<>(List.of(runtimeChart(module)));
        ids.forEach(id -> charts.add(type(module) + "." + id));
        return charts;
    }

    final Path dir;
    final Path bin;
    /** Module name to the YAML of its python.d/&lt;module&gt;.conf. */
    final Map<String, String> confs = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private Path fail2banLog;
    private Path smartdAtaLog;

    StockPeers(Path dir) {
        this.dir = Distribution.mkdirs(dir);
        this.bin = Distribution.mkdirs(dir.resolve("bin"));
    }

    StockPeers start(List<String> modules) {
        try {
            for (String module : modules) {
                start(module);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void start(String module) throws IOException {
        switch (module) {
            case "exim" -> exim();
            case "postfix" -> postfix();
            case "nsd" -> nsd();
            case "fail2ban" -> fail2ban();
            case "smartd_log" -> smartdLog();
            case "memcached" -> memcached();
            case "hddtemp" -> hddtemp();
            case "dovecot" -> dovecot();
            case "gearman" -> gearman();
            case "uwsgi" -> uwsgi();
            case "squid" -> squid();
            case "ntpd" -> ntpd();
            case "boinc" -> boinc();
            case "traefik" -> traefik();
            case "icecast" -> icecast();
            case "ipfs" -> ipfs();
            case "rabbitmq" -> rabbitmq();
            case "tomcat" -> tomcat();
            case "go_expvar" -> goExpvar();
            case "monit" -> monit();
            default -> throw new IllegalArgumentException("no fake for " + module);
        }
    }

    /** PATH with the fake executables first, for the plugin (or the daemon that starts it). */
    Map<String, String> environment() {
        return Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** Writes python.d.conf enabling exactly these modules, and their confs, into a user config folder. */
    void writeConfig(Path userConfig) throws IOException {
        Files.createDirectories(userConfig.resolve("python.d"));
        Files.writeString(userConfig.resolve("python.d.conf"), "default_run: no\n"
                + confs.keySet().stream().map(m -> m + ": yes\n").collect(Collectors.joining()));
        for (Map.Entry<String, String> conf : confs.entrySet()) {
            Files.writeString(userConfig.resolve("python.d/" + conf.getKey() + ".conf"), conf.getValue());
        }
    }

    // ---- ExecutableService

    private void exim() throws IOException {
        script("exim", """
                [ "$#" -eq 1 ] && [ "$1" = "-bpc" ] || { echo "fake exim: unexpected arguments: $*" >&2; exit 64; }
                echo 7
                """);
        confs.put("exim", "update_every: 1\nlocal:\n  command: 'exim -bpc'\n");
    }

    private void postfix() throws IOException {
        script("postqueue", """
                [ "$*" = "-p" ] || { echo "fake postqueue: unexpected arguments: $*" >&2; exit 64; }
                cat <<'EOF'
                -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
                4A1B2C3D4E*     2048 Mon Jan  1 10:00:00  alice@example.com
                                                         bob@example.com

                5B2C3D4E5F      3072 Mon Jan  1 10:01:00  carol@example.com
                                                         dave@example.com

                -- 5 Kbytes in 2 Requests.
                EOF
                """);
        confs.put("postfix", "local:\n  update_every: 1\n  command: 'postqueue -p'\n");
    }

    private void nsd() throws IOException {
        // counters grow by a fixed step per run: the n-th run of either plugin prints the same numbers
        script("nsd-control", """
                [ "$*" = "stats_noreset" ] || { echo "fake nsd-control: unexpected arguments: $*" >&2; exit 64; }
                n=$(cat "$0.runs" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$0.runs"
                cat <<EOF
                server0.queries=$((1000 + 25 * n))
                num.queries=$((1000 + 25 * n))
                time.boot=86400.123456
                time.elapsed=1.000250
                size.db.disk=40960
                zone.master=3
                zone.slave=1
                num.udp=$((800 + 20 * n))
                num.udp6=$((100 + 3 * n))
                num.tcp=$((90 + 2 * n))
                num.tcp6=10
                num.type.A=$((600 + 15 * n))
                num.type.NS=10
                num.type.CNAME=5
                num.type.SOA=30
                num.type.PTR=2
                num.type.HINFO=0
                num.type.MX=$((50 + n))
                num.type.NAPTR=0
                num.type.TXT=20
                num.type.AAAA=$((200 + 9 * n))
                num.type.SRV=3
                num.type.TYPE252=1
                num.opcode.QUERY=$((1000 + 25 * n))
                num.class.IN=$((1000 + 25 * n))
                num.rcode.NOERROR=$((900 + 20 * n))
                num.rcode.FORMERR=1
                num.rcode.SERVFAIL=2
                num.rcode.NXDOMAIN=$((90 + 5 * n))
                num.rcode.NOTIMP=0
                num.rcode.REFUSED=7
                num.rcode.YXDOMAIN=0
                num.edns=12
                num.ednserr=0
                EOF
                """);
        // the module says update_every = 30; the top level of its conf wins over that
        confs.put("nsd", "update_every: 1\nlocal:\n  command: 'nsd-control stats_noreset'\n");
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ---- LogService and files

    private void fail2ban() throws IOException {
        Path home = Distribution.mkdirs(dir.resolve("fail2ban"));
        Path jails = Distribution.mkdirs(home.resolve("jail_d"));
        Files.writeString(home.resolve("jail.local"), """
                [DEFAULT]
                bantime = 1h

                [sshd]
                enabled = true
                port    = ssh

                [recidive]
                enabled = true

                [apache-auth]
                enabled = false
                """);
        Files.writeString(jails.resolve("nginx.conf"), "[nginx-http-auth]\nenabled = true\n");
        Files.writeString(jails.resolve("override.local"), "[apache-auth]\nenabled = yes\n");
        fail2banLog = home.resolve("fail2ban.log");
        Files.writeString(fail2banLog, """
                2024-01-01 09:00:00,001 fail2ban.server  [100]: INFO    Starting Fail2ban v1.0.2
                2024-01-01 09:00:01,002 fail2ban.actions [100]: NOTICE  [sshd] Ban 192.0.2.200
                """);
        // python.d derives jail.conf from conf_path by cutting at the first '.': no other dot in these paths
        confs.put("fail2ban", """
                local:
                  log_path: '%s'
                  conf_path: '%s'
                  conf_dir: '%s/'
                  exclude: 'recidive'
                """.formatted(fail2banLog, home.resolve("jail.local"), jails));
    }

    /** Appends bans, unbans and failed attempts: afterwards sshd has 3 failures, 2 bans, 1 banned IP;
     *  nginx-http-auth 1 failure, 1 (restored) ban, 1 banned IP; excluded and unknown jails count nothing. */
    void fail2banActivity() throws IOException {
        Files.writeString(fail2banLog, """
                2024-01-01 10:00:01,000 fail2ban.filter  [100]: INFO    [sshd] Found 203.0.113.1 - 2024-01-01 10:00:01
                2024-01-01 10:00:02,000 fail2ban.filter  [100]: INFO    [sshd] Found 203.0.113.1 - 2024-01-01 10:00:02
                2024-01-01 10:00:03,000 fail2ban.filter  [100]: INFO    [sshd] Found 203.0.113.2 - 2024-01-01 10:00:03
                2024-01-01 10:00:04,000 fail2ban.actions [100]: NOTICE  [sshd] Ban 203.0.113.1
                2024-01-01 10:00:05,000 fail2ban.actions [100]: NOTICE  [sshd] Ban 203.0.113.2
                2024-01-01 10:00:06,000 fail2ban.actions [100]: NOTICE  [sshd] Unban 203.0.113.1
                2024-01-01 10:00:07,000 fail2ban.actions [100]: NOTICE  [nginx-http-auth] Restore Ban 198.51.100.7
                2024-01-01 10:00:08,000 fail2ban.filter  [100]: INFO    [nginx-http-auth] Found 198.51.100.7 - 2024-01-01 10:00:08
                2024-01-01 10:00:09,000 fail2ban.actions [100]: NOTICE  [recidive] Ban 203.0.113.1
                2024-01-01 10:00:10,000 fail2ban.actions [100]: NOTICE  [postfix] Ban 192.0.2.1
                """, StandardOpenOption.APPEND);
    }

    /** Replaces the log by a shorter one (logrotate's create mode), in one rename: apache-auth bans one IP. */
    void fail2banRotation() throws IOException {
        Path fresh = fail2banLog.resolveSibling("fail2ban.log.new");
        Files.writeString(fresh, "2024-01-01 11:00:00,000 fail2ban.actions [100]: NOTICE  [apache-auth] Ban 192.0.2.55\n");
        Files.move(fresh, fail2banLog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final String ATA_READING = "2024-01-01 10:00:00;\t1;200;0;\t3;175;1225;\t4;100;123;\t5;200;0;"
            + "\t7;200;0;\t9;76;17710;\t10;100;0;\t11;100;0;\t12;100;120;\t190;69;31;\t192;200;54;\t193;197;9834;"
            + "\t194;112;31;\t196;200;0;\t197;200;0;\t198;200;0;\t199;200;0;\t200;200;0;\t\n";

    private void smartdLog() throws IOException {
        Path logs = Distribution.mkdirs(dir.resolve("smartd"));
        smartdAtaLog = logs.resolve("attrlog.WDC_WD10EZEX__00BN5A0-WD_WCC3F7.ata.csv");
        Files.writeString(smartdAtaLog, ATA_READING.replace("10:00:00", "09:30:00").replace("194;112;31", "194;112;30")
                + ATA_READING);
        Files.writeString(logs.resolve("attrlog.SEAGATE-ST4000NM0023-Z1Z0AAAA.scsi.csv"),
                "2024-01-01 10:00:00;\tread-corr-by-ecc-fast;0;\tread-corr-by-eccdelayed;0;\tread-corr-by-retry;0;"
                        + "\tread-total-err-corrected;12;\tread-corr-algorithm-invocations;0;"
                        + "\tread-gb-processed;12345.678;\tread-total-unc-errors;0;\twrite-corr-by-ecc-fast;0;"
                        + "\twrite-total-err-corrected;3;\twrite-total-unc-errors;0;\tverify-total-err-corrected;1;"
                        + "\tverify-total-unc-errors;0;\ttemperature;36;\n");
        // not written for two hours: older than the module's 30 minutes, skipped
        Path stale = logs.resolve("attrlog.OLD-DISK-1.ata.csv");
        Files.writeString(stale, ATA_READING);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Files.writeString(logs.resolve("README.txt"), "not an attribute log\n");
        // a job named like the module: its charts are smartd_log.*
        confs.put("smartd_log", "custom:\n  name: smartd_log\n  log_path: '%s/'\n".formatted(logs));
    }

    /** smartd writes a new reading: the ATA disk is warmer (33) and has reallocated 8 sectors. */
    void smartdReading() throws IOException {
        Files.writeString(smartdAtaLog, ATA_READING.replace("10:00:00", "10:30:00").replace("194;112;31", "194;110;33")
                .replace("5;200;0;", "5;199;8;"), StandardOpenOption.APPEND);
    }

    // ---- SocketService

    private void memcached() throws IOException {
        String stats = resource("memcached-stats.txt").lines().map(line -> line + "\r\n").collect(Collectors.joining())
                + "END\r\n";
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            for (String line; (line = SocketPeer.readLine(in)) != null; ) {
                p.nextRequest();
                SocketPeer.send(out, line.equals("stats") ? stats : "ERROR\r\n");
            }
        }));
        // as in the stock conf: alternatives named 'local'; the first has nothing listening
        confs.put("memcached", """
                localhost:
                  name: 'local'
                  host: '127.0.0.1'
                  port: %d
                localipv4:
                  name: 'local'
                  host: '127.0.0.1'
                  port: %d
                """.formatted(closedPort(), peer.port()));
    }

    private void hddtemp() {
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            p.nextRequest();
            SocketPeer.send(out, "|/dev/sda|WDC WD10EZEX-00BN5A0|38|C||/dev/sdb|ST2000DM001-1CH164|SLP|*|"
                    + "|/dev/sdc|Samsung SSD 860 EVO|UNK|*||/dev/sdd|TOSHIBA DT01ACA1|41|C|");
        }));
        confs.put("hddtemp", """
                local:
                  host: '127.0.0.1'
                  port: %d
                  devices:
                    - sda
                    - sdb
                    - sdc
                """.formatted(peer.port()));
    }

    private void dovecot() {
        Path socket = dir.resolve("dovecot-stats");
        running(SocketPeer.unix(socket, (in, out, p) -> {
            String request = SocketPeer.readLine(in);
            p.nextRequest();
            if ("EXPORT\tglobal".equals(request)) {
                SocketPeer.send(out, "reset_timestamp\tlast_update\tnum_logins\tnum_cmds\tnum_connected_sessions"
                        + "\tuser_cpu\tsys_cpu\tclock_time\tmin_faults\tmaj_faults\tvol_cs\tinvol_cs\tdisk_input"
                        + "\tdisk_output\tread_count\tread_bytes\twrite_count\twrite_bytes\tmail_lookup_path"
                        + "\tmail_lookup_attr\tmail_read_count\tmail_read_bytes\tmail_cache_hits\n"
                        + "1700000000\t1700086400.123456\t120\t4500\t7\t12.5\t3.25\t99.5\t20000\t12\t3000\t400"
                        + "\t1024\t2048\t500\t1048576\t250\t524288\t60\t30\t80\t65536\t900\n");
            } else {
                SocketPeer.send(out, "FAIL\tunknown command\n");
            }
        }));
        confs.put("dovecot", "localsocket:\n  name: 'local'\n  socket: '%s'\n".formatted(socket));
    }

    private void gearman() {
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            for (String line; (line = SocketPeer.readLine(in)) != null; ) {
                if (!line.equals("status")) {
                    SocketPeer.send(out, "ERR UNKNOWN_COMMAND Unknown+server+command\n");
                    continue;
                }
                int n = p.nextRequest();
                // request 1 is check(), 2 the first update; send_email is gone on 3 and back (busier) from 4
                StringBuilder status = new StringBuilder("resize_image\t3\t1\t4\n");
                if (n != 3) {
                    status.append(n < 3 ? "send_email\t0\t0\t2\n" : "send_email\t5\t1\t2\n");
                }
                status.append("idle_job\t0\t0\t0\n.\n");
                SocketPeer.send(out, status.toString());
            }
        }));
        confs.put("gearman", "local:\n  host: '127.0.0.1'\n  port: %d\n".formatted(peer.port()));
    }

    private void uwsgi() {
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            int n = p.nextRequest();
            // the stats server writes its JSON and closes; a third worker appears on request 3
            StringBuilder workers = new StringBuilder(uwsgiWorker(1, 1001, 120, 45678, 1500, 0, 1));
            workers.append(',').append(uwsgiWorker(2, 1002, 80, 23456, 2100, 1, 0));
            if (n >= 3) {
                workers.append(',').append(uwsgiWorker(3, 1003, 5, 1024, 900, 0, 0));
            }
            SocketPeer.send(out, "{\"version\": \"2.0.21\", \"listen_queue\": 0, \"workers\": [" + workers + "]}");
        }));
        confs.put("uwsgi", "local:\n  host: '127.0.0.1'\n  port: %d\n".formatted(peer.port()));
    }

    private static String uwsgiWorker(int id, int pid, int requests, int tx, int avgRt, int exceptions, int respawns) {
        return ("{\"id\": %d, \"pid\": %d, \"requests\": %d, \"tx\": %d, \"avg_rt\": %d, \"rss\": %d, \"vsz\": %d,"
                + " \"exceptions\": %d, \"harakiri_count\": 0, \"respawn_count\": %d, \"status\": \"idle\"}")
                .formatted(id, pid, requests, tx, avgRt, 52428800 + id, 209715200 + id, exceptions, respawns);
    }

    private void squid() {
        String body = "sample_time = 1700000000.123456 (Tue, 14 Nov 2023 22:13:20 GMT)\n"
                + "client_http.requests = 12345\nclient_http.hits = 2345\nclient_http.errors = 12\n"
                + "client_http.kbytes_in = 4567\nclient_http.kbytes_out = 98765\nclient_http.hit_kbytes_out = 8765\n"
                + "server.all.requests = 10000\nserver.all.errors = 3\n"
                + "server.all.kbytes_in = 90000\nserver.all.kbytes_out = 4000\nserver.http.requests = 9000\n";
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            for (String request; (request = SocketPeer.readUntil(in, "\r\n\r\n")) != null; ) {
                p.nextRequest();
                if (!request.startsWith("GET /squid-internal-mgr/counters HTTP/1.1")) {
                    SocketPeer.send(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                SocketPeer.send(out, "HTTP/1.1 200 OK\r\nServer: squid/5.7\r\nContent-Type: text/plain;charset=utf-8\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"
                        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            }
        }));
        confs.put("squid", """
                tcpnew:
                  name: 'local'
                  host: '127.0.0.1'
                  port: %d
                  request: '/squid-internal-mgr/counters'
                """.formatted(peer.port()));
    }

    private void ntpd() {
        byte[] variables = ("version=\"ntpd 4.2.8p15@1.3728-o\", processor=\"x86_64\", system=\"Linux/6.1.0\", leap=0,"
                + " stratum=2, precision=-23, rootdelay=1.234, rootdisp=20.512, refid=192.0.2.1,"
                + " reftime=0xe8f6b2a1.5c28f5c2, clock=0xe8f6b2b0.1eb851eb, peer=12345, tc=10, mintc=3,"
                + " offset=-0.123456, frequency=-12.345, sys_jitter=0.456789, clk_jitter=0.078, clk_wander=0.003")
                .getBytes(StandardCharsets.US_ASCII);
        UdpPeer peer = running(new UdpPeer((n, request) -> {
            // a mode 6 (control) readvar response: version 2, the response bit and the request's opcode
            ByteBuffer reply = ByteBuffer.allocate(12 + variables.length);
            reply.put((byte) (2 << 3 | 6)).put((byte) (0x80 | (request.length > 1 ? request[1] & 0x1f : 2)))
                    .putShort((short) 1).putShort((short) 0x0615).putShort((short) 0).putShort((short) 0)
                    .putShort((short) variables.length).put(variables);
            return reply.array();
        }));
        confs.put("ntpd", "local:\n  host: '127.0.0.1'\n  port: '%d'\n  show_peers: no\n".formatted(peer.port()));
    }

    private static final String BOINC_PASSWORD = "gui-rpc-secret";
    private static final String BOINC_NONCE = "1700000000.424242";

    private void boinc() {
        String expectedHash = md5Hex(BOINC_NONCE + BOINC_PASSWORD);
        SocketPeer peer = running(SocketPeer.tcp((in, out, p) -> {
            boolean authorized = false;
            for (String request; (request = SocketPeer.readUntil(in, "\003")) != null; ) {
                p.nextRequest();
                String reply;
                if (request.contains("<auth1/>")) {
                    reply = "<nonce>" + BOINC_NONCE + "</nonce>";
                } else if (request.contains("<auth2>")) {
                    authorized = request.contains("<nonce_hash>" + expectedHash + "</nonce_hash>");
                    reply = authorized ? "<authorized/>" : "<unauthorized/>";
                } else if (!authorized) {
                    reply = "<unauthorized/>";
                } else if (request.contains("<exchange_versions")) {
                    reply = "<server_version>\n<major>7</major>\n<minor>20</minor>\n<release>4</release>\n</server_version>";
                } else if (request.contains("<get_results>")) {
                    // two running (one executing, one suspended), one downloading, one uploaded, one failed
                    reply = "<results>\n"
                            + boincResult("wu_1", 2, "<active_task_state>1</active_task_state><scheduler_state>2</scheduler_state>")
                            + boincResult("wu_2", 2, "<active_task_state>9</active_task_state><scheduler_state>1</scheduler_state>")
                            + boincResult("wu_3", 1, null) + boincResult("wu_4", 5, null) + boincResult("wu_5", 3, null)
                            + "</results>";
                } else {
                    reply = "<error>unrecognized op</error>";
                }
                SocketPeer.send(out, "<boinc_gui_rpc_reply>\n" + reply + "\n</boinc_gui_rpc_reply>\n\003");
            }
        }));
        confs.put("boinc", "local:\n  host: '127.0.0.1'\n  port: %d\n  password: '%s'\n".formatted(peer.port(),
                BOINC_PASSWORD));
    }

    private static String boincResult(String name, int state, String activeTask) {
        return "<result>\n<name>" + name + "</name>\n<state>" + state + "</state>\n<fraction_done>0.25</fraction_done>\n"
                + (activeTask == null ? "" : "<active_task>\n" + activeTask + "\n</active_task>\n") + "</result>\n";
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- UrlService

    private void traefik() {
        HttpPeer peer = running(new HttpPeer().route("/health", n -> {
            // totals grow by 10 requests and 0.25 s per request to the fake
            int ok = 1400 + 8 * n;
            int notFound = 50 + n;
            int errors = 20 + n;
            int total = ok + 20 + notFound + errors + 10;
            double totalTime = 12.5 + 0.25 * n;
            return HttpPeer.Answer.json("""
                    {"pid": 1, "uptime": "1h0m%1$d.5s", "uptime_sec": %2$s, "time": "2024-01-01 10:00:00",
                     "unixtime": 1704103200, "status_code_count": {}, "total_status_code_count":
                     {"200": %3$d, "304": 20, "404": %4$d, "500": %5$d, "301": 10}, "count": 0,
                     "total_count": %6$d, "total_response_time": "%7$ss", "total_response_time_sec": %7$s,
                     "average_response_time": "8ms", "average_response_time_sec": %8$s}
                    """.formatted(n, Double.toString(3600 + n + 0.5), ok, notFound, errors, total,
                    Double.toString(totalTime), Double.toString(totalTime / total)));
        }));
        confs.put("traefik", "local:\n  url: '%s/health'\n".formatted(peer.base()));
    }

    private void icecast() throws IOException {
        HttpPeer peer = running(new HttpPeer().route("/status-json.xsl", HttpPeer.Answer.json(resource("icecast-status.json"))));
        confs.put("icecast", "local:\n  url: '%s/status-json.xsl'\n".formatted(peer.base()));
    }

    private void ipfs() {
        HttpPeer peer = running(new HttpPeer().onlyMethod("POST")
                .route("/api/v0/stats/bw", HttpPeer.Answer.json(
                        "{\"TotalIn\": 123456789, \"TotalOut\": 98765432, \"RateIn\": 1234.56, \"RateOut\": 789.01}"))
                .route("/api/v0/swarm/peers", HttpPeer.Answer.json("{\"Peers\": [{\"Addr\": \"/ip4/192.0.2.1/tcp/4001\"},"
                        + " {\"Addr\": \"/ip4/192.0.2.2/tcp/4001\"}, {\"Addr\": \"/ip6/2001:db8::1/tcp/4001\"}]}"))
                .route("/api/v0/stats/repo", HttpPeer.Answer.json("{\"RepoSize\": 734003200, \"StorageMax\": \"10GB\","
                        + " \"NumObjects\": 4321, \"RepoPath\": \"/data/ipfs\", \"Version\": \"fs-repo@12\"}"))
                .route("/api/v0/pin/ls", HttpPeer.Answer.json("{\"Keys\": {\"QmA\": {\"Type\": \"recursive\"},"
                        + " \"QmB\": {\"Type\": \"indirect\"}}}")));
        confs.put("ipfs", "local:\n  url: '%s'\n  repoapi: yes\n  pinapi: yes\n".formatted(peer.base()));
    }

    private void rabbitmq() throws IOException {
        HttpPeer peer = running(new HttpPeer().basicAuth("guest", "guest")
                .route("/api/overview", HttpPeer.Answer.json(resource("rabbitmq-overview.json")))
                .route("/api/nodes/rabbit@fakehost", HttpPeer.Answer.json(resource("rabbitmq-node.json")))
                .route("/api/vhosts", HttpPeer.Answer.json(resource("rabbitmq-vhosts.json")))
                .route("/api/queues", HttpPeer.Answer.json(resource("rabbitmq-queues.json"))));
        confs.put("rabbitmq", """
                local:
                  host: '127.0.0.1'
                  port: %d
                  user: 'guest'
                  pass: 'guest'
                  collect_queues_metrics: yes
                """.formatted(peer.port()));
    }

    private void tomcat() throws IOException {
        HttpPeer peer = running(new HttpPeer().basicAuth("admin", "s3cret")
                .route("/manager/status", HttpPeer.Answer.xml(resource("tomcat-status.xml"))));
        confs.put("tomcat", """
                local:
                  url: '%s/manager/status?XML=true'
                  user: 'admin'
                  pass: 's3cret'
                """.formatted(peer.base()));
    }

    private void goExpvar() throws IOException {
        HttpPeer peer = running(new HttpPeer().route("/debug/vars", HttpPeer.Answer.json(resource("go_expvar-vars.json"))));
        confs.put("go_expvar", """
                app:
                  name: 'app'
                  url: '%s/debug/vars'
                  collect_memstats: true
                  extra_charts:
                    - id: 'runtime_goroutines'
                      options:
                        name: num_goroutines
                        title: 'runtime: number of goroutines'
                        units: goroutines
                        family: runtime
                        context: expvar.runtime.goroutines
                        chart_type: line
                      lines:
                        - {expvar_key: 'runtime.goroutines', expvar_type: int, id: runtime_goroutines}
                    - id: 'queue'
                      options:
                        name: queue
                        title: 'app: queue'
                        units: items
                        family: app
                        context: expvar.app.queue
                        chart_type: area
                      lines:
                        - {expvar_key: 'app.queue.depth', expvar_type: int, id: queue_depth, name: depth}
                        - {expvar_key: 'app.queue.load', expvar_type: float, id: queue_load, name: load, hidden: true}
                        - {expvar_key: 'app.label', expvar_type: string, id: queue_label}
                    - options: {name: no_id}
                      lines:
                        - {expvar_key: 'runtime.cgo_calls', expvar_type: int, id: cgo_calls}
                """.formatted(peer.base()));
    }

    private void monit() throws IOException {
        String status = resource("monit-status.xml");
        HttpPeer peer = running(new HttpPeer().route("/_status", n -> HttpPeer.Answer.xml(n < 3 ? status
                // from request 3 on: cron is no longer monitored, a file is
                : status.lines().filter(line -> !line.startsWith("<!--cron-->")).map(line -> line.equals("<!--file-->")
                        ? "<service type=\"2\"><name>app.log</name><status>0</status><monitor>1</monitor></service>"
                        : line).collect(Collectors.joining("\n")))));
        confs.put("monit", "local:\n  url: '%s'\n".formatted(peer.base()));
    }

    // ---- helpers

    private <T extends AutoCloseable> T running(T peer) {
        running.add(peer);
        return peer;
    }

    static String resource(String name) throws IOException {
        return Files.readString(Distribution.resource("stock/" + name), StandardCharsets.UTF_8);
    }

    /** A loopback port with nothing listening (bound, then released). */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable peer : running) {
            try {
                peer.close();
            } catch (Exception e) {
                // closing the others anyway
            }
        }
        running.clear();
    }
}
