package io.terrarium.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Netdata daemon in the foreground on a loopback port: everything under
 * one folder ({@code etc/} the user config, {@code plugins/} holding a link to terrarium.plugin, {@code python.d/}
 * beside it for modules), in-memory database, only external plugins. The daemon passes its own environment
 * to the plugins it starts.
 */
final class LocalNetdata implements AutoCloseable {

    private static final Path NETDATA = Path.of("/usr/sbin/netdata");

    final Path home;
    final Path etc;
    final Path modules;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private PluginProcess daemon;

    LocalNetdata(Path home) throws IOException {
        this.home = home;
        this.etc = Distribution.mkdirs(home.resolve("etc"));
        this.modules = Distribution.mkdirs(home.resolve("python.d"));
        Path plugins = Distribution.mkdirs(home.resolve("plugins"));
        Files.createSymbolicLink(plugins.resolve("terrarium.plugin"), Distribution.plugin());
        for (String dir : List.of("log", "cache", "lib", "lock")) {
            Distribution.mkdirs(home.resolve(dir));
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(home.resolve("netdata.conf"), netdataConf());
    }

    /** Starts the daemon with this environment added to the test's. */
    LocalNetdata start(Map<String, String> environment) throws IOException {
        daemon = new PluginProcess(List.of(NETDATA.toString(), "-D", "-c", home.resolve("netdata.conf").toString(),
                "-P", home.resolve("pid").toString()), environment, home);
        return this;
    }

    PluginProcess process() {
        return daemon;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Polls the API until the answer satisfies {@code ready}; returns that answer. */
    JsonNode awaitJson(String pathAndQuery, long timeoutMillis, Predicate<JsonNode> ready) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        Await.until(pathAndQuery, timeoutMillis, () -> {
            last[0] = get(pathAndQuery);
            return last[0] != null && ready.test(last[0]);
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The daemon's own warnings and errors about terrarium.plugin in error.log (our stderr lands there too). */
    List<String> complaintsAboutOurPlugin() throws IOException {
        return Files.readAllLines(home.resolve("log/error.log")).stream()
                .filter(line -> line.contains(": netdata "))
                .filter(line -> line.contains("PLUGINSD[terrarium]") || line.contains("terrarium.plugin"))
                .filter(line -> !line.contains(" INFO "))
                .toList();
    }

    String errorLogTail() {
        try {
            return PluginProcess.tail(Files.readAllLines(home.resolve("log/error.log")));
        } catch (IOException e) {
            return "(no error.log: " + e.getMessage() + ")";
        }
    }

    /** Stops the daemon with SIGTERM; true if it and every process it started are gone in time. */
    boolean stop() throws InterruptedException {
        if (!daemon.terminate(30_000)) {
            return false;
        }
        try {
            Await.until("netdata's plugin processes gone", 10_000, () -> daemon.survivors().isEmpty());
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String netdataConf() {
        return """
                [global]
                    run as user = root
                    hostname = itest-host
                [db]
                    mode = ram
                    update every = 1
                [web]
                    bind to = 127.0.0.1:%2$d
                [directories]
                    config = %1$s/etc
                    stock config = /usr/lib/netdata/conf.d
                    log = %1$s/log
                    web = /usr/share/netdata/web
                    cache = %1$s/cache
                    lib = %1$s/lib
                    lock = %1$s/lock
                    home = %1$s
                    plugins = %1$s/plugins
                [logs]
                    error = %1$s/log/error.log
                    access = none
                    debug = %1$s/log/debug.log
                [plugins]
                    proc = no
                    diskspace = no
                    cgroups = no
                    tc = no
                    idlejitter = no
                    statsd = no
                    timex = no
                    checks = no
                    enable running new plugins = yes
                    check for new plugins every = 60
                    netdata monitoring = yes
                [ml]
                    enabled = no
                [health]
                    enabled = no
                [registry]
                    enabled = no
                """.formatted(home, port);
    }
}
