package dev.hark.domain.transcript;

import java.util.Objects;

/**
 * A hypothesis as the client sees it: numbered. A final carries its own sequence number; an
 * interim carries the number its final will get, so clients can replace interims in place.
 */
public record Transcript(long seq, Hypothesis hypothesis) {

    public Transcript {
        Objects.requireNonNull(hypothesis, "hypothesis");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }

    public boolean isFinal() {
        return hypothesis.isFinal();
    }
}
