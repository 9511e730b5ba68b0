package io.terrarium.api;

import io.terrarium.api.data.CollectionResult;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule set that results pass through before they reach any sink. Every registered validator sees every
 * result, in service-ranking order; a record one of them rejects is never sent.
 *
 * <p>Called from scheduler threads, concurrently for different jobs: implementations are stateless or
 * thread-safe, and fast (they run for every job on every tick).
 */
@ConsumerType
public interface Validator {

    Verdict validate(CollectionResult result);
}
