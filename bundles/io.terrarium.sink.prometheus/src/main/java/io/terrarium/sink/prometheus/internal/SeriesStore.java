package io.terrarium.sink.prometheus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.terrarium.api.JobId;

/**
 * Every job's series. Thread-safe: deliveries of different jobs run concurrently, and each swaps its job's
 * {@link JobSeries} in one step ({@link ConcurrentHashMap#compute}, which locks only that job's bin while merging),
 * so a scrape never waits for a delivery and never sees half of one.
 */
final class SeriesStore {

    private final Map<JobId, JobSeries> jobs = new ConcurrentHashMap<>();
    // series held (expired or not), changed only inside a compute of the job whose series changed
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Merges a job's result.
     *
     * @param maxSeries 0 for no limit; concurrent deliveries of different jobs may pass it by a few series
     * @return how many new series were refused for the limit
     */
    int apply(JobId job, MappedResult result, long nowNanos, int maxSeries) {
        int[] refused = new int[1];
        jobs.compute(job, (id, before) -> {
            JobSeries base = before == null ? JobSeries.EMPTY : before;
            JobSeries.Admission admission = maxSeries == 0 ? JobSeries.Admission.unlimited()
                    : new JobSeries.Admission(Math.max(0, maxSeries - size.get()));
            JobSeries after = base.merge(result, nowNanos, admission);
            size.addAndGet(after.size() - base.size());
            refused[0] = admission.refused();
            return after.isEmpty() ? null : after;
        });
        return refused[0];
    }

    /** Drops expired series, then returns every job's series as they are now (each job's whole). */
    List<JobSeries> live(long nowNanos) {
        for (Map.Entry<JobId, JobSeries> entry : jobs.entrySet()) {
            if (entry.getValue().hasExpired(nowNanos)) {
                jobs.computeIfPresent(entry.getKey(), (id, before) -> {
                    JobSeries after = before.withoutExpired(nowNanos);
                    size.addAndGet(after.size() - before.size());
                    return after.isEmpty() ? null : after;
                });
            }
        }
        return new ArrayList<>(jobs.values());
    }

    /** Series held now, after dropping the expired ones. */
    int size(long nowNanos) {
        live(nowNanos);
        return size.get();
    }

    void clear() {
        for (JobId job : List.copyOf(jobs.keySet())) {
            jobs.computeIfPresent(job, (id, before) -> {
                size.addAndGet(-before.size());
                return null;
            });
        }
    }
}
