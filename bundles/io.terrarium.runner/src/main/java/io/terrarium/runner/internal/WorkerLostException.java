package io.terrarium.runner.internal;

/** The worker died or was killed while a request was in flight. */
final class WorkerLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerLostException(String message) {
        super(message);
    }
}
