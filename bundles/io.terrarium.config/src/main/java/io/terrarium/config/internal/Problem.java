package io.terrarium.config.internal;

/**
 * Something wrong with the configuration or the command line that a user can fix, found during a scan.
 *
 * @param severity    how bad it is: an error means something the user asked for does not run
 * @param message     one line naming the file (with line and column when known), module or job
 * @param fingerprint for a problem with a file's content, that content's {@link SourceFingerprint} (the same
 *                    message about new content is a new problem, logged again); else {@code ""}
 */
record Problem(Severity severity, String message, String fingerprint) {

    enum Severity {
        ERROR,
        WARNING
    }

    Problem(Severity severity, String message) {
        this(severity, message, "");
    }

    Problem {
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    static Problem error(String message) {
        return new Problem(Severity.ERROR, message);
    }

    /** An error about a file's content, identified by {@code fingerprint}. */
    static Problem error(String message, String fingerprint) {
        return new Problem(Severity.ERROR, message, fingerprint);
    }

    static Problem warning(String message) {
        return new Problem(Severity.WARNING, message);
    }
}
