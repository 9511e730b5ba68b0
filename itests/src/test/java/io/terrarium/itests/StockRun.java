package io.terrarium.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One plugin (the real python.d.plugin or terrarium.plugin) running Debian's stock modules, unmodified from
 * /usr/lib/netdata/python.d, against its own {@link StockPeers}: the stock configuration folder, and a user
 * folder whose python.d.conf enables exactly these modules and whose module confs point at the fakes.
 */
final class StockRun implements AutoCloseable {

    static final Path STOCK_CONFIG = Path.of("/usr/lib/netdata/conf.d");
    static final Path STOCK_PLUGINS = Path.of("/usr/lib/netdata/plugins.d");
    static final Path PYTHON_D_PLUGIN = STOCK_PLUGINS.resolve("python.d.plugin");

    final String name;
    final StockPeers peers;
    final List<String> modules;
    private final PluginProcess process;

    private StockRun(String name, StockPeers peers, List<String> modules, PluginProcess process) {
        this.name = name;
        this.peers = peers;
        this.modules = modules;
        this.process = process;
    }

    /** Starts the peers under {@code root}/peers and the plugin on them, with update_every 1 and no locks. */
    static StockRun start(Path executable, Path root, List<String> modules) throws IOException {
        StockPeers peers = new StockPeers(root.resolve("peers")).start(modules);
        try {
            Distribution.Layout layout = new Distribution.Layout(root.resolve("netdata"));
            peers.writeConfig(layout.userConfig);
            Map<String, String> environment = new HashMap<>(layout.environment(STOCK_CONFIG, STOCK_PLUGINS));
            environment.putAll(peers.environment());
            List<String> command = new java.util.ArrayList<>(Distribution.command(executable, "1"));
            command.addAll(modules);
            command.add("nolock");
            return new StockRun(executable.getFileName().toString(), peers, modules,
                    new PluginProcess(command, environment, null));
        } catch (IOException | RuntimeException e) {
            peers.close();
            throw e;
        }
    }

    ProtocolBlocks parsed() {
        return ProtocolBlocks.parse(process.stdoutTexts());
    }

    /** Updates of the module's job so far (its runtime chart gets one per successful update). */
    int updates(String module) {
        return parsed().blocksOf(StockPeers.runtimeChart(module)).size();
    }

    boolean reached(int updates) {
        ProtocolBlocks parsed = parsed();
        return modules.stream().allMatch(m -> parsed.blocksOf(StockPeers.runtimeChart(m)).size() >= updates);
    }

    /** Waits until every module's job has made that many updates; false (not an error) if time ran out. */
    boolean awaitUpdates(int updates, long timeoutMillis) throws InterruptedException {
        try {
            Await.until(name + ": " + updates + " updates of every job", timeoutMillis, () -> reached(updates));
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Waits until the module's job has made that many updates, or fails with what the plugin logged about it. */
    void awaitUpdates(String module, int updates, long timeoutMillis) throws InterruptedException {
        Await.until(name + ": " + updates + " updates of " + module, timeoutMillis,
                () -> updates(module) >= updates, () -> "\n" + logAbout(module));
    }

    /** The plugin's log lines naming the module, for failure messages. */
    String logAbout(String module) {
        List<String> lines = process.stderr.stream().filter(line -> line.contains(module)).toList();
        return name + " logged about " + module + ":\n"
                + lines.subList(Math.max(0, lines.size() - 15), lines.size()).stream().collect(Collectors.joining("\n"));
    }

    List<String> stderr() {
        return process.stderr;
    }

    /** Stops the plugin with SIGTERM and returns everything it wrote on stdout. */
    ProtocolBlocks stop() throws InterruptedException {
        process.terminate(5_000);
        return parsed();
    }

    @Override
    public void close() {
        process.close();
        peers.close();
    }
}
