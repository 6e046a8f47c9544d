package dev.hark.infrastructure.outbound.embedded;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns engine tokens into words a client should see. The engine reports silence and noise
 * as filler "words" ({@code <s>}, {@code </s>}, {@code <sil>}, {@code [NOISE]},
 * {@code ++NOISE++}, {@code +SPN+}) and marks alternate pronunciations as {@code word(2)}.
 */
final class SphinxTokens {

    private static final Pattern ALTERNATE_PRONUNCIATION = Pattern.compile("\\(\\d+\\)$");

    private SphinxTokens() {
    }

    /** The spoken word behind {@code token}, or empty for fillers and blanks. */
    static Optional<String> word(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String word = ALTERNATE_PRONUNCIATION.matcher(token.strip()).replaceFirst("");
        if (word.isEmpty() || isFiller(word)) {
            return Optional.empty();
        }
        return Optional.of(word);
    }

    /** A space-separated hypothesis with fillers dropped and pronunciation marks removed. */
    static String text(String hypothesis) {
        if (hypothesis == null) {
            return "";
        }
        return Arrays.stream(hypothesis.split("\\s+"))
                .map(SphinxTokens::word)
                .flatMap(Optional::stream)
                .collect(Collectors.joining(" "));
    }

    private static boolean isFiller(String word) {
        return enclosed(word, '<', '>') || enclosed(word, '[', ']') || enclosed(word, '+', '+');
    }

    private static boolean enclosed(String word, char open, char close) {
        return word.length() >= 2 && word.charAt(0) == open && word.charAt(word.length() - 1) == close;
    }
}
