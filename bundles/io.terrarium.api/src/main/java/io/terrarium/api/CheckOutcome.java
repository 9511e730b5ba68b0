package io.terrarium.api;

/**
 * The result of loading a job and running its check.
 *
 * @param passed   whether {@code check()} returned true
 * @param settings the job's effective settings (also when the check failed, for its retry interval)
 * @param fullName the job's full name as the framework computes it ({@code <module>_<name>} or
 *                 {@code <module>}), which python.d uses as the type of the job's charts
 * @param message  why it failed, or an empty string
 */
public record CheckOutcome(boolean passed, JobSettings settings, String fullName, String message) {
}
