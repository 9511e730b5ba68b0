package io.terrarium.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the launcher's framework properties (docs/runtime-properties.md) into {@link PythonDSettings}.
 * They describe the process and do not change while it runs.
 */
final class FrameworkPropertySettings {

    static final String HOME = "terrarium.home";
    static final String CONF_DIRS = "terrarium.conf.dirs";
    static final String PYTHON_DIRS = "terrarium.python.dirs";
    static final String MODULES = "terrarium.modules";
    static final String DEFAULT_UPDATE_EVERY = "terrarium.update_every.default";
    static final String MIN_UPDATE_EVERY = "terrarium.update_every.min";
    static final String JOBS = "terrarium.jobs";

    private FrameworkPropertySettings() {
    }

    /**
     * @param property a framework property by name, {@code null} when unset
     * @param problems a value that cannot be used is reported here and replaced by its default
     */
    static PythonDSettings read(Function<String, String> property, Consumer<Problem> problems) {
        Path home = Path.of(orElse(property.apply(HOME), System.getProperty("user.dir")));
        return new PythonDSettings(
                paths(property.apply(CONF_DIRS), home.resolve("conf.d")),
                paths(property.apply(PYTHON_DIRS), home.resolve("python.d")),
                words(property.apply(MODULES), ","),
                positive(property, DEFAULT_UPDATE_EVERY, problems),
                positive(property, MIN_UPDATE_EVERY, problems),
                words(property.apply(JOBS), ","));
    }

    private static List<Path> paths(String value, Path fallback) {
        List<Path> paths = new ArrayList<>();
        for (String word : words(value, ":")) {
            paths.add(Path.of(word));
        }
        return paths.isEmpty() ? List.of(fallback) : paths;
    }

    private static List<String> words(String value, String separator) {
        List<String> words = new ArrayList<>();
        if (value != null) {
            for (String word : value.split(Pattern.quote(separator))) {
                if (!word.isBlank()) {
                    words.add(word.strip());
                }
            }
        }
        return words;
    }

    private static int positive(Function<String, String> property, String key, Consumer<Problem> problems) {
        String value = property.apply(key);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.accept(Problem.warning("framework property " + key + "=" + value
                + " is not a whole number of seconds of at least 1; using 1"));
        return 1;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
