package io.terrarium.scheduler.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.terrarium.api.Rejection;
import io.terrarium.api.Validator;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.CollectionResult;

/**
 * The bound validators, each for every sink or for the sinks of some types ({@link Validator#SINK_TYPES}). A
 * result goes through those for every sink once ({@link #validate}); what the sinks of one type get is that, through
 * the validators for the type, worked out when a sink of the type asks for it ({@link Pass#forType}).
 *
 * <p>Thread-safe: DS binds and unbinds while collection threads validate. A {@link Pass} belongs to one thread.
 */
final class Validators {

    /** A validator and the sink types it is for; empty for every sink. */
    private record Bound(Validator validator, Set<String> types) {
    }

    // replaced whole on every change: read without a lock or a copy for every result; changes guarded by "this"
    private volatile List<Bound> bound = List.of();

    synchronized void add(Validator validator, Map<String, ?> properties) {
        List<Bound> changed = new ArrayList<>(bound);
        changed.add(new Bound(validator, types(properties.get(Validator.SINK_TYPES))));
        bound = List.copyOf(changed);
    }

    synchronized void remove(Validator validator) {
        List<Bound> changed = new ArrayList<>(bound);
        changed.removeIf(entry -> entry.validator == validator);
        bound = List.copyOf(changed);
    }

    /** The result through the validators for every sink. */
    Pass validate(CollectionResult result) {
        List<Bound> now = bound;
        Pass pass = new Pass(now);
        CollectionResult accepted = result;
        for (Bound entry : now) {
            if (entry.types.isEmpty()) {
                accepted = pass.apply(entry.validator, accepted);
            }
        }
        pass.common = accepted;
        return pass;
    }

    /** One result's way through the validators. Not thread-safe. */
    static final class Pass {
        private final List<Bound> validators;
        // each rejection once, though the sinks of two types may go through the same validator; null while none
        private Set<Rejection> rejections;
        private CollectionResult common;
        // by the validators a type goes through, so that types with the same ones share their result
        private Map<List<Validator>, CollectionResult> typed;

        private Pass(List<Bound> validators) {
            this.validators = validators;
        }

        /** What every sink gets before the validators of its type. */
        CollectionResult common() {
            return common;
        }

        /** What the sinks of this type get. */
        CollectionResult forType(String type) {
            List<Validator> own = null;
            for (Bound entry : validators) {
                if (entry.types.contains(type)) {
                    if (own == null) {
                        own = new ArrayList<>(2);
                    }
                    own.add(entry.validator);
                }
            }
            if (own == null) {
                return common;
            }
            if (typed == null) {
                typed = new HashMap<>(4);
            }
            return typed.computeIfAbsent(own, list -> {
                CollectionResult accepted = common;
                for (Validator validator : list) {
                    accepted = apply(validator, accepted);
                }
                return accepted;
            });
        }

        /** Every rejection so far: those for every sink, and those of the types asked for. */
        List<Rejection> rejections() {
            return rejections == null ? List.of() : List.copyOf(rejections);
        }

        private CollectionResult apply(Validator validator, CollectionResult result) {
            Verdict verdict = validator.validate(result);
            if (!verdict.rejections().isEmpty()) {
                if (rejections == null) {
                    rejections = new LinkedHashSet<>();
                }
                rejections.addAll(verdict.rejections());
            }
            return verdict.accepted();
        }
    }

    /** The property's sink types: a string, or a list or array of them. */
    static Set<String> types(Object value) {
        Set<String> types = new LinkedHashSet<>();
        if (value instanceof String text) {
            add(types, text);
        } else if (value instanceof String[] array) {
            for (String text : array) {
                add(types, text);
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> add(types, String.valueOf(item)));
        }
        return Set.copyOf(types);
    }

    private static void add(Set<String> types, String text) {
        for (String type : text.split(",")) {
            if (!type.isBlank()) {
                types.add(type.strip());
            }
        }
    }
}
