package io.terrarium.api;

/** The worker does not hold the job: it was restarted and the job could not be loaded again. */
public class JobLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobLostException(String message) {
        super(message);
    }
}
