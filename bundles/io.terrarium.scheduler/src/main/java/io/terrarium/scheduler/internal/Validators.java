package io.terrarium.scheduler.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
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

    /**
     * What validates, worked out when a validator comes or goes rather than for every result: the validators for every
     * sink, and by sink type the list of that type's own. Types with the same validators share one list instance, so
     * a result goes through them once for all those types.
     */
    private record Chain(List<Bound> bound, List<Validator> common, Map<String, List<Validator>> byType) {

        static final Chain EMPTY = new Chain(List.of(), List.of(), Map.of());

        static Chain of(List<Bound> bound) {
            List<Validator> common = new ArrayList<>();
            Map<String, List<Validator>> byType = new HashMap<>();
            for (Bound entry : bound) {
                if (entry.types.isEmpty()) {
                    common.add(entry.validator);
                }
                for (String type : entry.types) {
                    byType.computeIfAbsent(type, key -> new ArrayList<>()).add(entry.validator);
                }
            }
            Map<List<Validator>, List<Validator>> shared = new HashMap<>();
            Map<String, List<Validator>> lists = new HashMap<>();
            byType.forEach((type, list) -> lists.put(type, shared.computeIfAbsent(List.copyOf(list), key -> key)));
            return new Chain(List.copyOf(bound), List.copyOf(common), Map.copyOf(lists));
        }
    }

    // replaced whole on every change: read without a lock or a copy for every result; changes guarded by "this"
    private volatile Chain chain = Chain.EMPTY;

    synchronized void add(Validator validator, Map<String, ?> properties) {
        List<Bound> changed = new ArrayList<>(chain.bound());
        changed.add(new Bound(validator, types(properties.get(Validator.SINK_TYPES))));
        chain = Chain.of(changed);
    }

    synchronized void remove(Validator validator) {
        List<Bound> changed = new ArrayList<>(chain.bound());
        changed.removeIf(entry -> entry.validator == validator);
        chain = Chain.of(changed);
    }

    /** The result through the validators for every sink. */
    Pass validate(CollectionResult result) {
        Chain now = chain;
        Pass pass = new Pass(now);
        CollectionResult accepted = result;
        for (Validator validator : now.common()) {
            accepted = pass.apply(validator, accepted);
        }
        pass.common = accepted;
        return pass;
    }

    /** One result's way through the validators. Not thread-safe. */
    static final class Pass {
        private final Chain chain;
        // each rejection once, though the sinks of two types may go through the same validator; null while none
        private Set<Rejection> rejections;
        private CollectionResult common;
        // the result of the last type's validators (one type of its own is the usual case: no map), then the others
        private List<Validator> lastOwn;
        private CollectionResult lastResult;
        private Map<List<Validator>, CollectionResult> typed;

        private Pass(Chain chain) {
            this.chain = chain;
        }

        /** What every sink gets before the validators of its type. */
        CollectionResult common() {
            return common;
        }

        /** What the sinks of this type get. */
        CollectionResult forType(String type) {
            List<Validator> own = chain.byType().get(type);
            if (own == null) {
                return common;
            }
            if (own == lastOwn) {
                return lastResult;
            }
            CollectionResult result = typed == null ? null : typed.get(own);
            if (result == null) {
                result = common;
                for (Validator validator : own) {
                    result = apply(validator, result);
                }
                if (lastOwn != null) {
                    if (typed == null) {
                        typed = new IdentityHashMap<>(4);
                    }
                    typed.put(lastOwn, lastResult);
                }
            }
            lastOwn = own;
            lastResult = result;
            return result;
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
