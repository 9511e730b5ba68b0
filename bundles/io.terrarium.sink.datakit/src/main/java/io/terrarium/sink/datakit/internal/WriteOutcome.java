package io.terrarium.sink.datakit.internal;

/**
 * How DataKit answered one write.
 *
 * @param kind             what to do with the batch
 * @param status           the HTTP status, 0 when there was no response
 * @param detail           for a refusal, DataKit's {@code error_code: message}; for a retry, what went wrong
 * @param retryAfterMillis the server's {@code Retry-After}, 0 when it gave none
 */
record WriteOutcome(Kind kind, int status, String detail, long retryAfterMillis) {

    enum Kind {
        /** 2xx: delivered. */
        ACCEPTED,
        /** Connection error, timeout, 5xx, 408 or 429: send again later. */
        RETRY,
        /** Any other status: DataKit will never take this body; drop it. */
        REFUSED
    }

    static final WriteOutcome ACCEPTED = new WriteOutcome(Kind.ACCEPTED, 200, "", 0);

    static WriteOutcome retry(int status, String detail, long retryAfterMillis) {
        return new WriteOutcome(Kind.RETRY, status, detail, retryAfterMillis);
    }

    static WriteOutcome refused(int status, String detail) {
        return new WriteOutcome(Kind.REFUSED, status, detail, 0);
    }
}
