package io.terrarium.config.internal;

/**
 * Something wrong with the configuration or the command line that a user can fix, found during a scan.
 *
 * @param severity how bad it is: an error means something the user asked for does not run
 * @param message  one line naming the file (with line and column when known), module or job
 */
record Problem(Severity severity, String message) {

    enum Severity {
        ERROR,
        WARNING
    }

    static Problem error(String message) {
        return new Problem(Severity.ERROR, message);
    }

    static Problem warning(String message) {
        return new Problem(Severity.WARNING, message);
    }
}
