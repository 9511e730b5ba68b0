package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.List;

import io.terrarium.api.JobDefinition;

/**
 * What one scan of the python.d configuration found.
 *
 * @param jobs     the jobs to run: modules in name order, each module's jobs in file order
 * @param problems what the user should fix, one line each
 * @param notes    informational lines: modules not run and why (python.d logs these at INFO)
 */
record ScanResult(List<JobDefinition> jobs, List<Problem> problems, List<String> notes) {

    ScanResult {
        jobs = List.copyOf(jobs);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** This scan followed by another's findings. */
    ScanResult and(ScanResult other) {
        List<JobDefinition> allJobs = new ArrayList<>(jobs);
        allJobs.addAll(other.jobs);
        List<Problem> allProblems = new ArrayList<>(problems);
        allProblems.addAll(other.problems);
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(other.notes);
        return new ScanResult(allJobs, allProblems, allNotes);
    }
}
