package dev.hark.bench.embedded;

import java.util.Arrays;

/**
 * Word errors against a reference: substitutions, deletions and insertions (word-level
 * Levenshtein distance), summed over utterances so rates of sets of different lengths compare.
 */
record WordErrors(int errors, int words) {

    static final WordErrors NONE = new WordErrors(0, 0);

    static WordErrors of(String reference, String hypothesis) {
        String[] ref = words(reference);
        String[] hyp = words(hypothesis);
        int[] previous = new int[hyp.length + 1];
        int[] current = new int[hyp.length + 1];
        for (int j = 0; j <= hyp.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.length; i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.length; j++) {
                int substitution = previous[j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return new WordErrors(previous[hyp.length], ref.length);
    }

    WordErrors plus(WordErrors other) {
        return new WordErrors(errors + other.errors, words + other.words);
    }

    double rate() {
        return words == 0 ? 0 : errors / (double) words;
    }

    /** {@code 0.053 (3/57)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.3f (%d/%d)", rate(), errors, words);
    }

    private static String[] words(String text) {
        String trimmed = text.strip().toLowerCase(java.util.Locale.ROOT);
        return trimmed.isEmpty() ? new String[0] : Arrays.stream(trimmed.split("\\s+")).toArray(String[]::new);
    }
}
