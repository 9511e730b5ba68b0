package io.terrarium.scheduler.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;
import io.terrarium.api.JobSource;

/** A source whose jobs the test sets. */
final class FakeJobSource implements JobSource {

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<JobDefinition> jobs;

    FakeJobSource(String... jobs) {
        this.jobs = definitions(jobs);
    }

    void set(String... newJobs) {
        jobs = definitions(newJobs);
        listeners.forEach(listener -> listener.jobsChanged(this));
    }

    private static List<JobDefinition> definitions(String... ids) {
        return java.util.Arrays.stream(ids).map(JobId::parse).map(id -> new JobDefinition(id, JobKind.PYTHON_D,
                id.job(), Path.of(id.module() + ".chart.py"), null, id.module(), Map.of(), Map.of(), "test", List.of(),
                1, Map.of())).toList();
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public List<JobDefinition> jobs() {
        return jobs;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
