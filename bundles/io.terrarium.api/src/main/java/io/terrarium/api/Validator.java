package io.terrarium.api;

import io.terrarium.api.data.CollectionResult;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule set that results pass through before they reach sinks. A validator is for every sink, or, with the service
 * property {@link #SINK_TYPES}, only for sinks of those types ({@link Sink#TYPE}): the rules of what one kind of
 * output cannot carry (Netdata's 64-bit values) do not take data from the others. The validators for every sink see
 * every result first, in the order they were bound; then, for each sink type a result goes to, those for that type.
 * A record a validator rejects is not sent to the sinks it is for.
 *
 * <p>Called from scheduler threads, concurrently for different jobs: implementations are stateless or
 * thread-safe, and fast (they run for every job on every tick).
 */
@ConsumerType
public interface Validator {

    /**
     * Service property: the sink types (a string or a list of strings) this validator's rules are for; absent for
     * every sink.
     */
    String SINK_TYPES = "terrarium.validator.sink.types";

    Verdict validate(CollectionResult result);
}
