package dev.hark.domain.transcript;

import dev.hark.domain.audio.SampleSpan;
import java.util.List;
import java.util.Objects;

/**
 * What a recognizer believes was said over a span of audio. An interim hypothesis may still
 * change; a final one will not. Spans are on the clock of the provider stream that produced
 * it until the session rebases them with {@link #shiftedBy(long)}.
 */
public record Hypothesis(boolean isFinal, String text, SampleSpan span, List<Word> words) {

    public Hypothesis {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
        words = List.copyOf(words);
    }

    public static Hypothesis interim(String text, SampleSpan span, List<Word> words) {
        return new Hypothesis(false, text, span, words);
    }

    public static Hypothesis finalResult(String text, SampleSpan span, List<Word> words) {
        return new Hypothesis(true, text, span, words);
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    public Hypothesis shiftedBy(long samples) {
        if (samples == 0) {
            return this;
        }
        return new Hypothesis(isFinal, text, span.shiftedBy(samples),
                words.stream().map(word -> word.shiftedBy(samples)).toList());
    }
}
