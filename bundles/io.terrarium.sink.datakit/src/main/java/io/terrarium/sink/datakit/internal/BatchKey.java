package io.terrarium.sink.datakit.internal;

import io.terrarium.api.data.PointCategory;

/**
 * What points must share to travel in one request: the write URL's category, input and global-tag switch, and the
 * body's encoding ({@code json} for points line protocol cannot carry, {@link JsonPointEncoder}).
 */
record BatchKey(PointCategory category, String input, boolean ignoreGlobalTags, boolean json) {

    BatchKey {
        input = input == null ? "" : input;
    }

    /** A line-protocol batch's key. */
    BatchKey(PointCategory category, String input, boolean ignoreGlobalTags) {
        this(category, input, ignoreGlobalTags, false);
    }

    /** The same URL, the other encoding. */
    BatchKey sibling() {
        return new BatchKey(category, input, ignoreGlobalTags, !json);
    }
}
