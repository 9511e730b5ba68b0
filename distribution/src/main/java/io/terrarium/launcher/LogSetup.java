package io.terrarium.launcher;


/**
 * Configures logging before the first logger exists: slf4j-simple (the provider on the launcher's class path, shared
 * with the bundles) and java.util.logging (FileInstall's) both write one line per record to stderr with date-time,
 * level and logger name. A {@code -Dorg.slf4j.simpleLogger.*} given on the java command line wins. Debug is for
 * whoever debugs a collector: it turns on Terrarium's own loggers (and the modules' debug messages, which come
 * through them), not the framework's wiring and SCR's internals, which would drown them. In plugin mode Netdata 2.x
 * may ask for a format ({@code NETDATA_LOG_FORMAT} logfmt, journal or json, or {@code NETDATA_LOG_METHOD=journal}):
 * then {@link NetdataLoggerProvider} is slf4j's provider and writes it; {@code NETDATA_LOG_METHOD=none} logs nothing.
 */
final class LogSetup {

    private static final String SIMPLE = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /**
     * @param debug        debug logging
     * @param quietConsole warnings and errors only (shell mode: the console belongs to Gogo and its output)
     * @param minimum      the least level to log ({@link #netdataLevel}), or null for info
     */
    static void configure(boolean debug, boolean quietConsole, String minimum) {
        configure(debug, quietConsole, minimum, java.util.Optional.empty(), false);
    }

    /**
     * @param netdataFormat the format Netdata 2.x asked for (plugin mode): Terrarium's own provider writes it
     * @param silent        {@code NETDATA_LOG_METHOD=none}: nothing is logged
     */
    static void configure(boolean debug, boolean quietConsole, String minimum,
            java.util.Optional<NetdataLogFormat> netdataFormat, boolean silent) {
        if (netdataFormat.isPresent() && !silent) {
            NetdataLoggerProvider.configure(netdataFormat.get(), minimum, debug);
            System.setProperty("slf4j.provider", NetdataLoggerProvider.class.getName());
            setDefault("slf4j.internal.verbosity", "WARN"); // not its "loading provider" line, which no format has
            return;
        }
        if (silent) {
            setDefault(SIMPLE + "defaultLogLevel", "off");
            java.util.logging.LogManager.getLogManager().reset(); // no handler: nothing from java.util.logging
        }
        setDefault(SIMPLE + "logFile", "System.err");
        setDefault(SIMPLE + "defaultLogLevel", quietConsole ? "warn" : minimum != null && !debug ? minimum : "info");
        if (debug && !silent) {
            System.setProperty(SIMPLE + "log.io.terrarium", "debug");
        }
        setDefault(SIMPLE + "showDateTime", "true");
        setDefault(SIMPLE + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault(SIMPLE + "showThreadName", Boolean.toString(debug));
        setDefault(SIMPLE + "showLogName", "true");
        setDefault(SIMPLE + "showShortLogName", "false");
        setDefault(SIMPLE + "levelInBrackets", "false");

        // read when the console handler's formatter is created, so before any java.util.logging use
        setDefault("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
    }

    /**
     * The slf4j level for Netdata's {@code NETDATA_LOG_LEVEL} (syslog's names, as Netdata 2.x passes them to its
     * plugins and python.d.plugin honours): {@code debug} (and {@code trace}) is the plugin's {@code debug} word;
     * {@code info} and {@code notice} info; {@code warning} warn; {@code error}, {@code critical}, {@code alert} and
     * {@code emergency} error. Null for what is not set or not one of them (1.37 sets none).
     */
    static String netdataLevel(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "debug", "trace" -> "debug";
            case "info", "notice" -> "info";
            case "warning", "warn" -> "warn";
            case "error", "err", "critical", "crit", "alert", "emergency", "emerg" -> "error";
            default -> null;
        };
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
