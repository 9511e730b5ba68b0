package io.terrarium.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The slf4j provider of plugin mode when Netdata 2.x asks for a log format ({@link NetdataLogFormat}): every record
 * of the launcher and the bundles (they share the launcher's slf4j), and java.util.logging's (FileInstall's), is one
 * write of a whole record to the process's stderr (fd 2, not {@code System.err}, which Gogo replaces per thread).
 * Chosen with the {@code slf4j.provider} property by {@link LogSetup}, which calls {@link #configure} first;
 * slf4j-simple stays the provider otherwise.
 */
public final class NetdataLoggerProvider implements SLF4JServiceProvider {

    // Set once by LogSetup before the first logger exists
    private static volatile NetdataLogFormat format = NetdataLogFormat.LOGFMT;
    private static volatile Level threshold = Level.INFO;
    private static volatile boolean debugTerrarium;

    private static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);
    private static final Object WRITE = new Object();
    private static final Clock CLOCK = Clock.systemDefaultZone();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, NetdataLogger::new);

    /**
     * @param chosen    the format
     * @param minimum   the least level logged ({@code error}, {@code warn}, {@code info}, {@code debug})
     * @param debug     Terrarium's own loggers at debug, whatever the minimum
     */
    static void configure(NetdataLogFormat chosen, String minimum, boolean debug) {
        format = chosen;
        threshold = switch (minimum == null ? "info" : minimum) {
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "debug" -> Level.DEBUG;
            default -> Level.INFO;
        };
        debugTerrarium = debug;
        // java.util.logging into the same stream and format
        LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").addHandler(new JulHandler());
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // configured by LogSetup
    }

    static void write(NetdataLogFormat.Level level, String logger, String message, Throwable thrown) {
        byte[] record = format.render(CLOCK.instant(), ZoneId.systemDefault(), level, logger,
                Thread.currentThread().getName(), message, thrown);
        synchronized (WRITE) {
            try {
                STDERR.write(record);
                STDERR.flush();
            } catch (IOException e) {
                // stderr is gone: nowhere left to say so
            }
        }
    }

    private static boolean enabled(String logger, Level level) {
        Level least = debugTerrarium && logger.startsWith("io.terrarium") ? Level.DEBUG : threshold;
        return level.toInt() >= least.toInt();
    }

    private static NetdataLogFormat.Level level(Level level) {
        return switch (level) {
            case ERROR -> NetdataLogFormat.Level.ERROR;
            case WARN -> NetdataLogFormat.Level.WARNING;
            case INFO -> NetdataLogFormat.Level.INFO;
            default -> NetdataLogFormat.Level.DEBUG;
        };
    }

    private static final class NetdataLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        NetdataLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(name, Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(name, Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(name, Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(name, Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(name, Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable thrown) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            write(level(level), name, message, thrown);
        }
    }

    /** java.util.logging's records, at their levels. */
    private static final class JulHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
            java.util.logging.Level jul = record.getLevel();
            Level level = jul.intValue() >= java.util.logging.Level.SEVERE.intValue() ? Level.ERROR
                    : jul.intValue() >= java.util.logging.Level.WARNING.intValue() ? Level.WARN
                    : jul.intValue() >= java.util.logging.Level.INFO.intValue() ? Level.INFO : Level.DEBUG;
            String logger = record.getLoggerName() == null ? "java.util.logging" : record.getLoggerName();
            if (!enabled(logger, level)) {
                return;
            }
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                try {
                    message = java.text.MessageFormat.format(message, record.getParameters());
                } catch (IllegalArgumentException e) {
                    // the pattern as it is
                }
            }
            write(level(level), logger, message == null ? "" : message, record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
