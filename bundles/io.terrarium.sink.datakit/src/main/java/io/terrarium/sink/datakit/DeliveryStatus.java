package io.terrarium.sink.datakit;

import java.util.List;

/**
 * A snapshot of a DataKit sink.
 *
 * @param sink           the sink's name ({@code terrarium.sink.name})
 * @param url            the DataKit address the sink writes to (batches that name another address go there)
 * @param spoolDirectory the folder holding each destination's spool
 * @param totals         the sum of every destination's counters
 * @param destinations   each DataKit address written to since activation, the sink's own first
 */
public record DeliveryStatus(String sink, String url, String spoolDirectory, Counters totals,
        List<DestinationStatus> destinations) {

    public DeliveryStatus {
        destinations = List.copyOf(destinations);
    }

    /**
     * Point counts since the sink was activated.
     *
     * @param sent    accepted by DataKit (HTTP 2xx)
     * @param failed  refused by DataKit (a 4xx other than 408 and 429) or not writable as line protocol; not retried
     * @param retried sent again after a connection error, a timeout, a 5xx, 408 or 429 (counted per attempt)
     * @param spooled written to the disk spool because DataKit was unreachable or the memory queue was full
     * @param dropped lost: the oldest points of a full spool, or points the spool could not store
     */
    public record Counters(long sent, long failed, long retried, long spooled, long dropped) {

        public Counters plus(Counters other) {
            return new Counters(sent + other.sent, failed + other.failed, retried + other.retried,
                    spooled + other.spooled, dropped + other.dropped);
        }
    }

    /**
     * One DataKit address.
     *
     * @param url           the address
     * @param reachable     false from the moment retries are exhausted until {@code GET /v1/ping} answers 200 again
     * @param queuedPoints  points waiting in memory (open batches and sealed ones)
     * @param spooledPoints points waiting on disk
     * @param spooledBytes  the spool's size on disk
     * @param counters      this address's counters
     * @param lastError     the last failure, for the shell, or empty
     */
    public record DestinationStatus(String url, boolean reachable, long queuedPoints, long spooledPoints,
            long spooledBytes, Counters counters, String lastError) {
    }
}
