package io.terrarium.config.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;

/**
 * Logs a scan's problems and notes, each once while it lasts. Files are rescanned whenever anything in the watched
 * folders changes; repeating every standing warning on each rescan would bury the news. So a line the previous scan
 * also produced is not logged again, and one that went away and comes back is. A problem with a file's content
 * carries the content's fingerprint: a new bad edit is logged even when its message reads as the last one did.
 *
 * <p>Not thread-safe: used by the scan thread only.
 */
final class ScanLog {

    private final Logger log;
    /** The previous scan's lines. */
    private Set<Problem> previousProblems = Set.of();
    private Set<String> previousNotes = Set.of();

    ScanLog(Logger log) {
        this.log = log;
    }

    /** Logs what is new in this scan (ERROR, WARN, INFO) and remembers the scan's lines for the next one. */
    void log(ScanResult result) {
        newNotes(result.notes()).forEach(note -> log.info("conf.d: {}", note));
        for (Problem problem : newProblems(result.problems())) {
            if (problem.severity() == Problem.Severity.ERROR) {
                log.error("conf.d: {}", problem.message());
            } else {
                log.warn("conf.d: {}", problem.message());
            }
        }
    }

    /** The problems the previous scan did not have, in order; this scan's become the previous ones. */
    List<Problem> newProblems(List<Problem> problems) {
        Set<Problem> now = new LinkedHashSet<>(problems);
        List<Problem> fresh = now.stream().filter(p -> !previousProblems.contains(p)).toList();
        previousProblems = now;
        return fresh;
    }

    /** The notes the previous scan did not have, in order; this scan's become the previous ones. */
    List<String> newNotes(List<String> notes) {
        Set<String> now = new LinkedHashSet<>(notes);
        List<String> fresh = now.stream().filter(n -> !previousNotes.contains(n)).toList();
        previousNotes = now;
        return fresh;
    }
}
