package io.terrarium.api;

/**
 * A record a validator refused.
 *
 * @param job      the job that produced it
 * @param category what kind of record ({@code chart}, {@code value}, {@code metric}, {@code keyevent}, ...)
 * @param record   the offending record, rendered for a log line
 * @param rule     the rule it breaks, in words
 */
public record Rejection(JobId job, String category, String record, String rule) {

    @Override
    public String toString() {
        return job + ": rejected " + category + " " + record + ": " + rule;
    }
}
