package dev.hark.domain.transcript;

import dev.hark.domain.audio.SampleSpan;
import java.util.Objects;

/** One recognised word with its timing and a confidence in [0, 1]. */
public record Word(String text, SampleSpan span, double confidence) {

    public Word {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence out of [0,1]: " + confidence);
        }
    }

    public Word retimed(java.util.function.LongUnaryOperator toOtherClock) {
        return new Word(text, span.retimed(toOtherClock), confidence);
    }

    public Word shiftedBy(long samples) {
        return new Word(text, span.shiftedBy(samples), confidence);
    }
}
