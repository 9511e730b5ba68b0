package io.terrarium.shell.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.CollectionResult;

/** A sink that keeps what it receives and reports the status it is given. */
final class TestSink implements Sink {

    final List<CollectionResult> delivered = new CopyOnWriteArrayList<>();
    volatile SinkStatus status;
    volatile RuntimeException statusFailure;
    /** The service id {@link Shell#sink} gave it. */
    volatile long serviceId;

    TestSink(SinkStatus status) {
        this.status = status;
    }

    @Override
    public void deliver(CollectionResult result) {
        delivered.add(result);
    }

    @Override
    public SinkStatus status() {
        if (statusFailure != null) {
            throw statusFailure;
        }
        return status;
    }
}
