package io.terrarium.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one sink's delivery queue. Counts are of results (one job's output of one run), whatever the sink
 * counts in its own {@link SinkStatus}.
 *
 * @param sinkServiceId the sink service's {@code service.id}, to tell it from another sink of the same name
 * @param sink          the sink's name ({@link Sink#nameOf})
 * @param bound         results the queue holds at most ({@link Sink#QUEUE})
 * @param queued        results waiting now
 * @param dropped       results dropped, oldest first, because the queue was full; and those discarded when the sink
 *                      went away
 * @param busySince     when the sink's delivery call in progress began, {@code null} when it is waiting for work: a
 *                      time long past means the sink is stuck (a pipe nobody reads, an endpoint that hangs)
 */
public record DeliveryQueueStatus(long sinkServiceId, String sink, int bound, int queued, long dropped,
        Instant busySince) {

    public DeliveryQueueStatus {
        Objects.requireNonNull(sink, "sink");
    }
}
