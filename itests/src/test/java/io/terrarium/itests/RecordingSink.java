package io.terrarium.itests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/** A sink that keeps what it receives. */
final class RecordingSink implements Sink {

    final List<CollectionResult> received = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(CollectionResult result) {
        received.add(result);
    }
}
