package io.terrarium.sink.datakit.internal;

/** A point that line protocol cannot carry exactly; the message says why. */
final class UnwritablePointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnwritablePointException(String reason) {
        super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // an expected outcome, reported by its message
        return this;
    }
}
