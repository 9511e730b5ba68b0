package io.terrarium.config.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * "Probably you meant": the behaviour of Python's {@code difflib.get_close_matches(word, possibilities, n=3,
 * cutoff=0.6)}. Similarity is the Ratcliff/Obershelp ratio {@code 2*M/T} (M = characters in the matching
 * blocks found by taking the longest common substring, leftmost in the candidate on ties, then recursing on
 * each side; T = both lengths). No junk heuristics: they only apply to strings of 200 or more characters.
 */
final class CloseMatches {

    static final int MAX_MATCHES = 3;
    static final double CUTOFF = 0.6;

    private CloseMatches() {
    }

    /** The best matches first (ties: the greater string first, as Python's {@code heapq.nlargest} orders them). */
    static List<String> of(String word, Iterable<String> possibilities) {
        record Scored(double score, String text) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String candidate : possibilities) {
            double score = ratio(candidate, word);
            if (score >= CUTOFF) {
                scored.add(new Scored(score, candidate));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).thenComparing(Scored::text).reversed());
        return scored.stream().limit(MAX_MATCHES).map(Scored::text).toList();
    }

    /** {@code SequenceMatcher(None, a, b).ratio()}. */
    static double ratio(String a, String b) {
        int total = a.length() + b.length();
        return total == 0 ? 1.0 : 2.0 * matchingCharacters(a, 0, a.length(), b, 0, b.length()) / total;
    }

    private static int matchingCharacters(String a, int aLow, int aHigh, String b, int bLow, int bHigh) {
        if (aLow >= aHigh || bLow >= bHigh) {
            return 0;
        }
        // longest common substring of a[aLow:aHigh] and b[bLow:bHigh]; the first found (smallest i, then j) wins
        int bestI = aLow;
        int bestJ = bLow;
        int bestSize = 0;
        int[] previous = new int[bHigh - bLow + 1];
        for (int i = aLow; i < aHigh; i++) {
            int[] current = new int[bHigh - bLow + 1];
            for (int j = bLow; j < bHigh; j++) {
                if (a.charAt(i) == b.charAt(j)) {
                    int size = previous[j - bLow] + 1;
                    current[j - bLow + 1] = size;
                    if (size > bestSize) {
                        bestI = i - size + 1;
                        bestJ = j - size + 1;
                        bestSize = size;
                    }
                }
            }
            previous = current;
        }
        if (bestSize == 0) {
            return 0;
        }
        return bestSize
                + matchingCharacters(a, aLow, bestI, b, bLow, bestJ)
                + matchingCharacters(a, bestI + bestSize, aHigh, b, bestJ + bestSize, bHigh);
    }
}
