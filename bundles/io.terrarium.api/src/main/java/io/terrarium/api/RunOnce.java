package io.terrarium.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.terrarium.api.data.CollectionResult;

/**
 * What one collection run on demand produced, delivered to no sink.
 *
 * @param result     what the job collected, after validation
 * @param rejections what validation refused
 * @param previews   for each sink the job feeds (by name), what it would have received; a sink that cannot show
 *                   it maps to an empty string
 */
public record RunOnce(CollectionResult result, List<Rejection> rejections, Map<String, String> previews) {

    public RunOnce {
        Objects.requireNonNull(result, "result");
        rejections = List.copyOf(rejections);
        previews = Map.copyOf(previews);
    }
}
