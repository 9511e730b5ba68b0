package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The candidates an operator probably meant when a name matched none: those that start with what was typed, and
 * those within a few typos of it (edit distance, case ignored), closest first.
 */
final class CloseMatches {

    /** At most this many suggestions, so the answer stays one line. */
    static final int LIMIT = 5;

    private CloseMatches() {
    }

    /**
     * @param wanted     what was typed
     * @param candidates what exists
     * @param forms      the spellings a candidate answers to (a job: {@code module/job}, its module, its job)
     * @param shown      how a candidate is written in the suggestion
     */
    static <T> List<String> among(String wanted, Collection<T> candidates, Function<T, List<String>> forms,
            Function<T, String> shown) {
        String typed = wanted.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, typed.length() / 3);
        record Scored(String shown, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (T candidate : candidates) {
            int best = Integer.MAX_VALUE;
            for (String form : forms.apply(candidate)) {
                String spelled = form.toLowerCase(Locale.ROOT);
                // a prefix ranks before any typo: "host" surely means "hostinfo"
                int score = !typed.isEmpty() && spelled.startsWith(typed) ? 0 : distance(typed, spelled) + 1;
                best = Math.min(best, score);
            }
            if (best <= allowed + 1) {
                scored.add(new Scored(shown.apply(candidate), best));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::shown))
                .map(Scored::shown)
                .distinct()
                .limit(LIMIT)
                .toList();
    }

    /** {@code "; did you mean a, b?"}, or an empty string when nothing is close. */
    static String suggestion(List<String> matches) {
        return matches.isEmpty() ? "" : "; did you mean " + String.join(", ", matches) + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
