package io.terrarium.sink.prometheus.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.terrarium.api.data.PointCategory;

/**
 * A validated {@link PrometheusSinkConfig}.
 *
 * @param expireNanos 0 = series never expire
 * @param maxSeries   0 = no limit
 */
record ExporterSettings(ListenAddress address, String path, long expireNanos, String metricPrefix,
        boolean dimensionIds, Set<PointCategory> pointCategories, int maxSeries) {

    ExporterSettings {
        pointCategories = Set.copyOf(pointCategories);
    }

    /** @throws IllegalArgumentException naming the property and what is wrong with it */
    static ExporterSettings of(PrometheusSinkConfig config) {
        ListenAddress address = ListenAddress.parse(config.address());
        String path = config.path() == null ? "" : config.path().trim();
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw new IllegalArgumentException("path '" + path + "' is not a URL path (/metrics)");
        }
        if (config.expireSeconds() < 0) {
            throw new IllegalArgumentException("expireSeconds " + config.expireSeconds() + " is negative");
        }
        String prefix = config.metricPrefix() == null ? "" : config.metricPrefix().trim();
        if (!PrometheusNames.isValidPrefix(prefix)) {
            throw new IllegalArgumentException("metricPrefix '" + prefix + "' is not letters, digits and underscores "
                    + "starting with a letter or underscore");
        }
        Set<PointCategory> categories = EnumSet.noneOf(PointCategory.class);
        for (String name : config.pointCategories() == null ? new String[0] : config.pointCategories()) {
            if (name == null || name.isBlank()) {
                continue;
            }
            PointCategory category = PointCategory.ofPath(name.trim());
            if (category == null) {
                throw new IllegalArgumentException("pointCategories: '" + name + "' is not a DataKit category "
                        + "(metric, object, custom_object, logging, keyevent, ...)");
            }
            categories.add(category);
        }
        if (config.maxSeries() < 0) {
            throw new IllegalArgumentException("maxSeries " + config.maxSeries() + " is negative");
        }
        return new ExporterSettings(address, path, TimeUnit.SECONDS.toNanos(config.expireSeconds()), prefix,
                config.dimensionIds(), categories, config.maxSeries());
    }

    /** Whether series built with the other settings would be named differently. */
    boolean namesDifferFrom(ExporterSettings other) {
        return !metricPrefix.equals(other.metricPrefix) || dimensionIds != other.dimensionIds
                || !pointCategories.equals(other.pointCategories);
    }
}
