package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.terrarium.api.JobDefinition;

/**
 * The jobs the previous scan gave each unit of configuration (a python.d module, a TOML file), so that a file that
 * does not parse leaves its unit's jobs exactly as they were instead of stopping them. A unit the previous scan did
 * not reach (its module deleted or switched off) has none. Nothing is known before the first scan has ended.
 *
 * <p>Not thread-safe: used by the one thread that runs a loader's scans.
 */
final class LastGoodJobs<K> {

    /** The previous scan's jobs per unit; {@code null} until a scan has ended. */
    private Map<K, List<JobDefinition>> previous;
    /** The jobs of the scan under way. */
    private Map<K, List<JobDefinition>> current = new LinkedHashMap<>();

    /** Forgets what an unfinished scan recorded. */
    void beginScan() {
        current = new LinkedHashMap<>();
    }

    /** The unit's jobs at the end of the previous scan (empty if it had none); empty when no scan has ended yet. */
    Optional<List<JobDefinition>> previous(K unit) {
        return previous == null ? Optional.empty() : Optional.of(previous.getOrDefault(unit, List.of()));
    }

    /** Whether a scan has ended, so there is something to keep. */
    boolean hasPrevious() {
        return previous != null;
    }

    /** The unit's jobs in the scan under way (added to what was already recorded for it). */
    void record(K unit, List<JobDefinition> jobs) {
        current.computeIfAbsent(unit, u -> new ArrayList<>()).addAll(jobs);
    }

    /** The scan under way keeps every unit as the previous scan left it. */
    void keepPrevious() {
        if (previous != null) {
            current = new LinkedHashMap<>(previous);
        }
    }

    void endScan() {
        Map<K, List<JobDefinition>> ended = new LinkedHashMap<>();
        current.forEach((unit, jobs) -> ended.put(unit, List.copyOf(jobs)));
        previous = ended;
        current = new LinkedHashMap<>();
    }
}
