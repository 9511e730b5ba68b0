package io.terrarium.api.data;

/** DataKit's data categories: the {@code <category>} of {@code POST /v1/write/<category>}. */
public enum PointCategory {
    METRIC("metric"),
    LOGGING("logging"),
    OBJECT("object"),
    CUSTOM_OBJECT("custom_object"),
    KEYEVENT("keyevent"),
    RUM("rum"),
    NETWORK("network"),
    TRACING("tracing"),
    SECURITY("security");

    private final String path;

    PointCategory(String path) {
        this.path = path;
    }

    /** The category as DataKit's URL names it. */
    public String path() {
        return path;
    }

    /** The category of a URL path segment, or {@code null}. */
    public static PointCategory ofPath(String path) {
        for (PointCategory category : values()) {
            if (category.path.equals(path)) {
                return category;
            }
        }
        return null;
    }
}
