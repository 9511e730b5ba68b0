package io.terrarium.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.terrarium.api.JobDefinition;

/**
 * What one scan of the configuration found.
 *
 * @param jobs     the jobs to run: modules in name order, each module's jobs in file order
 * @param problems what the user should fix, one line each
 * @param notes    informational lines: modules not run and why (python.d logs these at INFO)
 * @param folders  folders the scan read beyond the settings' config and module folders (a pythond table's
 *                 {@code dirs}), for the file watcher
 */
record ScanResult(List<JobDefinition> jobs, List<Problem> problems, List<String> notes, List<Path> folders) {

    ScanResult(List<JobDefinition> jobs, List<Problem> problems, List<String> notes) {
        this(jobs, problems, notes, List.of());
    }

    ScanResult {
        jobs = List.copyOf(jobs);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        folders = List.copyOf(new LinkedHashSet<>(folders));
    }

    /** This scan followed by another's findings. */
    ScanResult and(ScanResult other) {
        List<JobDefinition> allJobs = new ArrayList<>(jobs);
        allJobs.addAll(other.jobs);
        List<Problem> allProblems = new ArrayList<>(problems);
        allProblems.addAll(other.problems);
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(other.notes);
        Set<Path> allFolders = new LinkedHashSet<>(folders);
        allFolders.addAll(other.folders);
        return new ScanResult(allJobs, allProblems, allNotes, List.copyOf(allFolders));
    }
}
