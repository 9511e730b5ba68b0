package io.terrarium.api;

import java.util.Objects;

/**
 * Identity of one collector job: the module and the job's key in the module's configuration.
 * Two jobs with the same id are the same job; {@link #toString()} is the form the shell accepts.
 */
public record JobId(String module, String job) implements Comparable<JobId> {

    public JobId {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(job, "job");
    }

    /** Parses the {@code module/job} form. */
    public static JobId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a job id (module/job): " + text);
        }
        return new JobId(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(JobId other) {
        int byModule = module.compareTo(other.module);
        return byModule != 0 ? byModule : job.compareTo(other.job);
    }

    @Override
    public String toString() {
        return module + "/" + job;
    }
}
