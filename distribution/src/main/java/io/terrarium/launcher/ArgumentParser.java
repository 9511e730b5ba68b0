package io.terrarium.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the launcher's command line. Words starting with {@code -} are launcher options (anywhere on the line,
 * {@code --name VALUE} or {@code --name=VALUE}); the other words are python.d.plugin's arguments and are allowed
 * only in plugin mode ({@code --netdata}, which {@code bin/terrarium.plugin} passes).
 */
final class ArgumentParser {

    static final String USAGE = """
            Usage:
              terrarium [OPTIONS]              Gogo shell on the console; with stdin piped, runs the commands
                                               read from it and exits when it ends
              terrarium --headless [OPTIONS]   no console; runs until SIGTERM
              terrarium --netdata [OPTIONS] [update_every] [module...] [debug] [trace] [nolock]
              terrarium.plugin [update_every] [module...] [debug] [trace] [nolock]
                                               Netdata external plugin, a drop-in for python.d.plugin
              terrarium debug [OPTIONS] <module> [job...]
              terrarium.plugin [update_every] <module...> debug trace
                                               runs the module's jobs a few times as the plugin would,
                                               printing what Netdata would receive and every error with its
                                               traceback; exits 1 when a job fails

            Options:
              --home DIR         the folder holding conf.d/, python.d/, deploy/ and data/
                                 (default: the folder above bin/)
              --conf-dir DIR     configuration folder (repeatable, highest precedence first)
              --python-dir DIR   python module folder (repeatable, highest precedence first)
              --debug            debug logging
              --telnet PORT      Gogo's telnet shell on 127.0.0.1:PORT (no authentication); without it,
                                 the environment's TERRARIUM_SHELL_PORT, if set
              -h, --help         this text
            """;

    LaunchOptions parse(List<String> args) throws UsageException {
        boolean netdata = false;
        boolean headless = false;
        boolean debug = false;
        boolean help = false;
        Optional<Path> home = Optional.empty();
        List<Path> confDirs = new ArrayList<>();
        List<Path> pythonDirs = new ArrayList<>();
        OptionalInt telnetPort = OptionalInt.empty();
        List<String> positional = new ArrayList<>();

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "--netdata" -> netdata = flag(name, inlineValue);
                case "--headless" -> headless = flag(name, inlineValue);
                case "--debug" -> debug = flag(name, inlineValue);
                case "-h", "--help" -> help = flag(name, inlineValue);
                case "--home", "--conf-dir", "--python-dir", "--telnet" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--home" -> home = Optional.of(path(name, value));
                        case "--conf-dir" -> confDirs.add(path(name, value));
                        case "--python-dir" -> pythonDirs.add(path(name, value));
                        default -> telnetPort = OptionalInt.of(port(value));
                    }
                }
                default -> throw new UsageException("unknown option " + arg);
            }
        }

        Mode mode = netdata ? Mode.PLUGIN : headless ? Mode.HEADLESS : Mode.SHELL;
        PluginArguments plugin = PluginArguments.NONE;
        List<String> jobs = List.of();
        if (mode == Mode.PLUGIN) {
            plugin = PluginArguments.parse(positional);
            if (plugin.debug() && plugin.trace() && !plugin.modules().isEmpty()) {
                // python.d.plugin's "<module> debug trace", as its README tells developers to run it
                mode = Mode.DEBUG;
            }
        } else if (mode == Mode.SHELL && !positional.isEmpty() && positional.get(0).equals("debug")) {
            if (positional.size() < 2) {
                throw new UsageException("debug needs a module name");
            }
            mode = Mode.DEBUG;
            // nolock: a debug run beside a running plugin must not fight it for the jobs' locks
            plugin = new PluginArguments(1, true, true, true, List.of(positional.get(1)));
            jobs = positional.subList(2, positional.size());
        } else if (!positional.isEmpty()) {
            throw new UsageException("unexpected argument '" + positional.get(0)
                    + "' (update_every and module names are for plugin mode: --netdata or terrarium.plugin)");
        }
        return new LaunchOptions(mode, home, confDirs, pythonDirs, debug || plugin.debug(), plugin, jobs, telnetPort,
                help);
    }

    private static boolean flag(String name, String inlineValue) throws UsageException {
        if (inlineValue != null) {
            throw new UsageException(name + " takes no value");
        }
        return true;
    }

    private static Path path(String option, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a folder");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(option + ": invalid path '" + value + "'");
        }
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--telnet needs a port number (1-65535), not '" + value + "'");
    }
}
