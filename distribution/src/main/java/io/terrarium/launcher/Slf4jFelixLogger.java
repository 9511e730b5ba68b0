package io.terrarium.launcher;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.LoggerFactory;

/**
 * The framework's own log (Felix writes it to System.out by default) sent to slf4j as logger
 * {@code org.apache.felix.framework}. Felix filters by {@code felix.log.level} before this is called.
 */
final class Slf4jFelixLogger extends Logger {

    private final org.slf4j.Logger log = LoggerFactory.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        StringBuilder text = new StringBuilder();
        if (bundle != null) {
            text.append('[').append(bundle.getSymbolicName()).append(" (").append(bundle.getBundleId()).append(")] ");
        }
        if (sr != null) {
            text.append("[service ").append(sr).append("] ");
        }
        doLog(level, text.append(msg).toString(), throwable);
    }

    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        switch (level) {
            case LOG_ERROR -> log.error(msg, throwable);
            case LOG_WARNING -> log.warn(msg, throwable);
            case LOG_INFO -> log.info(msg, throwable);
            default -> log.debug(msg, throwable);
        }
    }
}
