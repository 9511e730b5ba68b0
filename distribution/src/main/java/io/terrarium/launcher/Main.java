package io.terrarium.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Terrarium: reads the command line, sets up logging and (in plugin mode) stdout, builds the framework
 * properties and runs the container until it stops. See {@link ArgumentParser#USAGE}.
 *
 * <p>Exit status: 0 for a normal end (SIGTERM gives 143, as the JVM reports a signal), 1 when the container could not
 * start or a piped shell command failed, 2 for a bad command line.
 */
public final class Main {

    /** Environment variable naming the loopback port of the Gogo shell (see {@link #shellPort}). */
    static final String SHELL_PORT_VARIABLE = "TERRARIUM_SHELL_PORT";
    /**
     * How often {@link NetdataOutput#keepAlive()} runs in plugin mode: the empty line python.d.plugin prints every
     * second, and the write that finds out when nobody reads stdout any more. Java cannot poll fd 1 for a reader
     * that went away, so only a write tells; writing four times a second (the daemon skips empty lines) is what lets
     * the plugin exit within a second of the pipe closing.
     */
    static final long KEEP_ALIVE_PERIOD_MILLIS = 250;


    private final LaunchOptions options;

    private Main(LaunchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = new ArgumentParser().parse(Arrays.asList(args));
        } catch (UsageException e) {
            System.err.println("terrarium: " + e.getMessage());
            System.err.print(ArgumentParser.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ArgumentParser.USAGE);
            return;
        }
        // Netdata 2.x tells its plugins how much to log (python.d.plugin honours it); 1.37 sets nothing
        String netdataLevel = options.mode().speaksNetdata() ? LogSetup.netdataLevel(System.getenv("NETDATA_LOG_LEVEL"))
                : null;
        if ("debug".equals(netdataLevel) && !options.debug()) {
            options = options.withDebug();
        }
        // before the first logger is created
        // and, in 2.x, which format (logfmt, journal, json) on stderr, or none at all
        boolean plugin = options.mode().speaksNetdata();
        String method = plugin ? System.getenv("NETDATA_LOG_METHOD") : null;
        LogSetup.configure(options.debug(), options.mode() == Mode.SHELL, netdataLevel,
                plugin ? NetdataLogFormat.of(method, System.getenv("NETDATA_LOG_FORMAT")) : java.util.Optional.empty(),
                NetdataLogFormat.silent(method));
        System.exit(new Main(options).run());
    }

    private int run() {
        StopControl stop = new StopControl();
        // stdout for the piped shell's output; System.out is stderr from here on. Both are kept now because once
        // Gogo's runtime starts, System.out and System.err are its per-thread streams.
        PrintStream stdout = StandardOutput.divertToStderr();
        PrintStream stderr = System.err;
        NetdataOutput netdata = null;
        if (options.mode().speaksNetdata()) {
            netdata = new NetdataOutput(StandardOutput.raw(), new NetdataOutput.Listener() {
                @Override
                public void outputClosed() {
                    // in debug mode the debug session ends the run, with its verdict
                    if (options.mode() != Mode.DEBUG) {
                        stop.request(StopReason.OUTPUT_CLOSED, 0);
                    }
                }

                @Override
                public void outputBroken(IOException cause) {
                    stop.request(StopReason.OUTPUT_BROKEN, 0);
                }
            });
        }
        // python.d.plugin sends no keep-alive to a terminal
        boolean keepAlive = netdata != null && System.console() == null;
        if (keepAlive) {
            netdata.keepAlive(); // the first at once; the rest from the main thread once the framework runs
        }

        Logger log = LoggerFactory.getLogger(Main.class);
        Path installation = Installation.locate();
        boolean interactive = options.mode() == Mode.SHELL && System.console() != null;
        Path storage;
        try {
            storage = Files.createTempDirectory("terrarium-felix-");
        } catch (IOException e) {
            log.error("cannot create a folder for the framework cache: {}", e.toString());
            return 1;
        }
        Map<String, String> runtime = new RuntimeProperties(installation, System.getenv()).build(options);
        log.debug("runtime properties: {}", runtime);
        createDeployFolder(Path.of(runtime.get(RuntimeProperties.HOME)), log);
        Map<String, Object> config = new HashMap<>(
                new FrameworkProperties(options, runtime, storage, slf4jVersion(), interactive).build());
        config.put("felix.log.logger", new Slf4jFelixLogger());

        Container container = new Container(config, installation.resolve("bundle"), storage, stop, launchTime());
        if (netdata != null) {
            NetdataOutput output = netdata;
            container.beforeStart(context -> context.registerService(OutputStream.class, output,
                    FrameworkUtil.asDictionary(Map.of("terrarium.stream", "netdata"))));
        }
        if (options.mode() == Mode.DEBUG) {
            // the debug session (scheduler bundle) ends the run with its verdict
            IntConsumer exit = status -> stop.request(StopReason.DEBUG_FINISHED, status);
            container.beforeStart(context -> context.registerService(IntConsumer.class, exit,
                    FrameworkUtil.asDictionary(Map.of("terrarium.exit", "debug"))));
        }
        shellPort(options).ifPresent(port -> container.afterStart(context -> startTelnet(context, port, stderr)));
        if (options.mode() == Mode.SHELL && !interactive) {
            container.afterStart(context -> runPipedCommands(context, stop, stdout, stderr));
        }

        if (keepAlive) {
            NetdataOutput output = netdata;
            container.whileRunning(KEEP_ALIVE_PERIOD_MILLIS, output::keepAlive);
        }
        if (options.mode() == Mode.PLUGIN) {
            java.util.concurrent.atomic.AtomicReference<BundleContext> framework = new java.util.concurrent.atomic
                    .AtomicReference<>();
            container.afterStart(framework::set);
            new NetdataInput(System.in, new NetdataInput.Listener() {
                @Override
                public void quit() {
                    stop.request(StopReason.QUIT, 0);
                }

                @Override
                public void function(String line) {
                    callFunction(framework.get(), line, log);
                }
            }).start();
        }
        int status = container.run();
        if (netdata != null) {
            netdata.flushQuietly();
        }
        return status;
    }

    /**
     * The loopback port of the Gogo shell: {@code --telnet PORT}, else the environment's
     * {@value #SHELL_PORT_VARIABLE} (how a plugin started by Netdata, which passes no options, gets one); none by
     * default. The shell has no authentication, so it is only ever bound to 127.0.0.1.
     */
    private static java.util.OptionalInt shellPort(LaunchOptions options) {
        if (options.telnetPort().isPresent()) {
            return options.telnetPort();
        }
        String value = System.getenv(SHELL_PORT_VARIABLE);
        if (value == null || value.isBlank()) {
            return java.util.OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return java.util.OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LoggerFactory.getLogger(Main.class).error("{}={}: not a port number (1-65535); no shell socket",
                SHELL_PORT_VARIABLE, value);
        return java.util.OptionalInt.empty();
    }

    /**
     * Hands a function call from Netdata to the Netdata sink's functions ({@code Consumer<String>} with
     * {@code terrarium.stream=netdata-functions}), which answer on the pipe; before the framework runs, or without
     * them, the call goes unanswered and Netdata times it out (functions are announced only once they are there).
     */
    @SuppressWarnings("unchecked")
    private static void callFunction(BundleContext context, String line, Logger log) {
        if (context == null) {
            log.debug("a function call before the container started: {}", line);
            return;
        }
        try {
            for (var reference : context.getServiceReferences(java.util.function.Consumer.class,
                    "(terrarium.stream=netdata-functions)")) {
                java.util.function.Consumer<String> functions = context.getService(reference);
                if (functions != null) {
                    try {
                        functions.accept(line);
                    } finally {
                        context.ungetService(reference);
                    }
                    return;
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
            log.debug("function call not handed over: {}", e.toString());
        }
        log.debug("no functions to answer: {}", line);
    }

    /** FileInstall watches deploy/ but does not create it; a fresh --home has none. */
    private static void createDeployFolder(Path home, Logger log) {
        try {
            Files.createDirectories(home.resolve("deploy"));
        } catch (IOException e) {
            log.warn("cannot create {}: {}", home.resolve("deploy"), e.toString());
        }
    }

    /** Reads stdin on its own thread, so a SIGTERM is not held up by a read that never returns. */
    private static void runPipedCommands(BundleContext context, StopControl stop, PrintStream out, PrintStream err) {
        Thread reader = new Thread(() -> {
            boolean ok = new PipedCommands(context, System.in, out, err).runAll();
            stop.request(StopReason.INPUT_ENDED, ok ? 0 : 1);
        }, "terrarium-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private static void startTelnet(BundleContext context, int port, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        try (GogoSession session = GogoSession.open(context, InputStream.nullInputStream(), err, err)) {
            session.execute("telnetd -i 127.0.0.1 -p " + port + " start");
            log.info("Gogo telnet shell on 127.0.0.1:{}", port);
        } catch (Exception e) {
            log.error("cannot start the telnet shell on 127.0.0.1:{}: {}", port, e.toString());
        }
    }

    /**
     * When bin/terrarium started (bash's EPOCHREALTIME, seconds with a fraction), else when the JVM started
     * (as the kernel reports it: to within a second).
     */
    private static Instant launchTime() {
        String value = System.getProperty("terrarium.launch.time", "").replace(',', '.');
        if (!value.isBlank()) {
            try {
                return Instant.ofEpochSecond(0, new BigDecimal(value).movePointRight(9).longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                // fall back to the JVM's start
            }
        }
        return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
    }

    /** The slf4j-api version on the class path, exported to bundles as the version of its packages. */
    private static String slf4jVersion() {
        String version = LoggerFactory.class.getPackage().getImplementationVersion();
        if (version == null) {
            throw new IllegalStateException("slf4j-api on the class path has no Implementation-Version");
        }
        int qualifier = version.indexOf('-');
        return qualifier > 0 ? version.substring(0, qualifier) : version;
    }
}
