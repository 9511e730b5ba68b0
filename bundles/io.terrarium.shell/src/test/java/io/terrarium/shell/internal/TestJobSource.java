package io.terrarium.shell.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobSource;

/** A source whose definitions change to {@link #next} when it is refreshed, telling its listeners. */
final class TestJobSource implements JobSource {

    private final String name;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<JobDefinition> jobs;
    volatile List<JobDefinition> next;
    volatile RuntimeException refreshFailure;
    volatile int refreshes;

    TestJobSource(String name, JobDefinition... jobs) {
        this.name = name;
        this.jobs = List.of(jobs);
        this.next = this.jobs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<JobDefinition> jobs() {
        return jobs;
    }

    @Override
    public void refresh() {
        refreshes++;
        if (refreshFailure != null) {
            throw refreshFailure;
        }
        boolean changed = !jobs.equals(next);
        jobs = next;
        if (changed) {
            listeners.forEach(listener -> listener.jobsChanged(this));
        }
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
