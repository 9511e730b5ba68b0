package io.terrarium.api;

import java.util.List;

import io.terrarium.api.data.CollectionResult;

/**
 * What a validator made of one result.
 *
 * @param accepted   the result without the records that break a rule
 * @param rejections one entry per refused record, empty when everything passed
 */
public record Verdict(CollectionResult accepted, List<Rejection> rejections) {

    public Verdict {
        rejections = List.copyOf(rejections);
    }

    public static Verdict pass(CollectionResult result) {
        return new Verdict(result, List.of());
    }
}
