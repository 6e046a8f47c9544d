package dev.hark.domain.transcript;

import dev.hark.domain.audio.SampleSpan;
import java.util.List;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * What a recognizer believes was said over a span of audio. An interim hypothesis may still
 * change; a final one will not. Spans are on the clock of the provider stream that produced
 * it until the session rebases them with {@link #shiftedBy(long)}.
 *
 * @param speechFinal  a final after which the recognizer heard the speaker stop (endpointing);
 *                     false for interims and for finals forced by a finalize or cut mid-speech.
 *                     Clients treat it as "the utterance is over", so it is set at most once
 *                     per utterance.
 * @param fromFinalize a final the client's {@code finalize} forced out (Deepgram's
 *                     {@code from_finalize}); false for interims and for finals the recognizer
 *                     reached on its own
 */
public record Hypothesis(boolean isFinal, String text, SampleSpan span, List<Word> words, boolean speechFinal,
                         boolean fromFinalize) {

    public Hypothesis {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
        words = List.copyOf(words);
        if (speechFinal && !isFinal) {
            throw new IllegalArgumentException("an interim cannot end speech");
        }
        if (fromFinalize && !isFinal) {
            throw new IllegalArgumentException("an interim cannot answer a finalize");
        }
    }

    /** A hypothesis no finalize forced. */
    public Hypothesis(boolean isFinal, String text, SampleSpan span, List<Word> words, boolean speechFinal) {
        this(isFinal, text, span, words, speechFinal, false);
    }

    /** A hypothesis that does not end an utterance. */
    public Hypothesis(boolean isFinal, String text, SampleSpan span, List<Word> words) {
        this(isFinal, text, span, words, false);
    }

    /** A final after which the speaker stopped: the end of an utterance. */
    public static Hypothesis speechFinal(String text, SampleSpan span, List<Word> words) {
        return new Hypothesis(true, text, span, words, true);
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
        return retimed(sample -> sample + samples);
    }

    /**
     * The same hypothesis on another clock: {@code toOtherClock} maps every sample offset (it must
     * be monotonic, so spans stay spans). Used when a recognizer ran at another sample rate than
     * the client's audio.
     */
    public Hypothesis retimed(LongUnaryOperator toOtherClock) {
        return new Hypothesis(isFinal, text, span.retimed(toOtherClock),
                words.stream().map(word -> word.retimed(toOtherClock)).toList(), speechFinal, fromFinalize);
    }

    /** This final, marked as the answer to a finalize. */
    public Hypothesis answeringFinalize() {
        return fromFinalize ? this : new Hypothesis(isFinal, text, span, words, speechFinal, true);
    }
}
