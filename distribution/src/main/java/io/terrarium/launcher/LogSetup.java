package io.terrarium.launcher;

import java.util.logging.Handler;
import java.util.logging.Level;

/**
 * Configures logging before the first logger exists: slf4j-simple (the provider on the launcher's class path, shared
 * with the bundles) and java.util.logging (FileInstall's) both write one line per record to stderr with date-time,
 * level and logger name. A {@code -Dorg.slf4j.simpleLogger.*} given on the java command line wins, except that debug
 * always turns debug logging on.
 */
final class LogSetup {

    private static final String SIMPLE = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /**
     * @param debug        debug logging
     * @param quietConsole warnings and errors only (shell mode: the console belongs to Gogo and its output)
     */
    static void configure(boolean debug, boolean quietConsole) {
        setDefault(SIMPLE + "logFile", "System.err");
        if (debug) {
            System.setProperty(SIMPLE + "defaultLogLevel", "debug");
        } else {
            setDefault(SIMPLE + "defaultLogLevel", quietConsole ? "warn" : "info");
        }
        setDefault(SIMPLE + "showDateTime", "true");
        setDefault(SIMPLE + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault(SIMPLE + "showThreadName", Boolean.toString(debug));
        setDefault(SIMPLE + "showLogName", "true");
        setDefault(SIMPLE + "showShortLogName", "false");
        setDefault(SIMPLE + "levelInBrackets", "false");

        // read when the console handler's formatter is created, so before any java.util.logging use
        setDefault("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
        if (debug) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(Level.FINE);
            for (Handler handler : root.getHandlers()) {
                handler.setLevel(Level.FINE);
            }
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
