package io.terrarium.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The scheduler's view of the jobs it runs, for the shell and for tests. Thread-safe. */
@ProviderType
public interface JobControl {

    /** Every job the scheduler knows of, sorted by id. */
    List<JobStatus> jobs();
}
