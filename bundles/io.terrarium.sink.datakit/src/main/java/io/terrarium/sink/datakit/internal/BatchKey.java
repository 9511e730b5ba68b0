package io.terrarium.sink.datakit.internal;

import io.terrarium.api.data.PointCategory;

/** What points must share to travel in one request: the write URL's category, input and global-tag switch. */
record BatchKey(PointCategory category, String input, boolean ignoreGlobalTags) {

    BatchKey {
        input = input == null ? "" : input;
    }
}
