package io.terrarium.sink.datakit.internal;

/**
 * A request body ready to send: line protocol, one line per point.
 *
 * @param seq    position in its destination's stream, increasing; identifies the batch in the spool too
 * @param points how many lines {@code body} holds
 */
record SealedBatch(long seq, BatchKey key, int points, byte[] body) {
}
