package dev.hark.bootstrap.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate, the accuracy measure speech tests assert on: the word-level edit distance
 * (substitutions + deletions + insertions) between reference and hypothesis, divided by the
 * number of reference words. Both sides are normalised first (lowercase, apostrophes dropped,
 * other punctuation turned into spaces), so "It's 9, OK." and "its 9 ok" count as equal and a
 * test measures recognition, not formatting.
 */
public final class WordErrorRate {

    private WordErrorRate() {
    }

    /**
     * WER of {@code hypothesis} against {@code reference}; may exceed 1.0 when the hypothesis
     * has many extra words. An empty reference gives 0.0 for an empty hypothesis, else 1.0.
     */
    public static double of(String reference, String hypothesis) {
        List<String> expected = words(reference);
        List<String> actual = words(hypothesis);
        if (expected.isEmpty()) {
            return actual.isEmpty() ? 0.0 : 1.0;
        }
        return distance(expected, actual) / (double) expected.size();
    }

    /** The normalised words of {@code text}. */
    public static List<String> words(String text) {
        String normalised = text.toLowerCase(Locale.ROOT)
                .replaceAll("['\u2019]", "")
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split(" "));
    }

    /** Levenshtein distance over words, in O(n·m) time and O(m) space. */
    static int distance(List<String> reference, List<String> hypothesis) {
        int[] previous = new int[hypothesis.size() + 1];
        int[] current = new int[hypothesis.size() + 1];
        for (int j = 0; j <= hypothesis.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.size(); j++) {
                int substitution = previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hypothesis.size()];
    }
}
