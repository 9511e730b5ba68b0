package io.terrarium.sink.prometheus.internal;

/**
 * Turns any text into a valid Prometheus metric or label name: every character outside {@code [A-Za-z0-9_]}
 * becomes {@code _}, and a leading digit gets a {@code _} in front. Colons go too, although the format allows
 * them in metric names: Prometheus keeps them for recording rules.
 */
final class PrometheusNames {

    private PrometheusNames() {
    }

    static String metricName(String raw) {
        return sanitize(raw);
    }

    static String labelName(String raw) {
        return sanitize(raw);
    }

    /** Whether the text is usable as the start of a metric name as it is. */
    static boolean isValidPrefix(String text) {
        return text.isEmpty() || sanitize(text).equals(text);
    }

    private static String sanitize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "_";
        }
        StringBuilder name = new StringBuilder(raw.length() + 1);
        raw.codePoints().forEach(c -> name.append(isNameChar(c) ? (char) c : '_'));
        if (Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    private static boolean isNameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
