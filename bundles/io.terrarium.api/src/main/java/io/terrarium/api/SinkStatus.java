package io.terrarium.api;

import java.util.Objects;

/**
 * A snapshot of one sink, for the shell. Counters count records: a chart update or a point each, whatever the
 * sink's unit of delivery is, as long as one sink counts consistently; -1 means the sink does not count it.
 *
 * @param state    a word: {@code ok}, {@code retrying}, {@code spooling}, {@code failed}, {@code closed}
 * @param target   where it delivers (a URL, an address, a file), or an empty string
 * @param received results handed to it by the scheduler
 * @param sent     records it delivered
 * @param failed   deliveries that failed (and were retried or spooled)
 * @param dropped  records it gave up on
 * @param queued   records waiting in memory
 * @param spooled  records waiting on disk
 */
public record SinkStatus(String state, String target, long received, long sent, long failed, long dropped, long queued,
        long spooled) {

    public SinkStatus {
        Objects.requireNonNull(state, "state");
        target = target == null ? "" : target;
    }

    /** A sink that says nothing about itself. */
    public static SinkStatus unknown() {
        return new SinkStatus("ok", "", -1, -1, -1, -1, -1, -1);
    }
}
