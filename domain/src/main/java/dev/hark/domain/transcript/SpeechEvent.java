package dev.hark.domain.transcript;

/**
 * Voice activity a recognizer reports besides transcripts, timed in samples on the clock of
 * the stream that produced it until the session rebases it with {@link #shiftedBy(long)}.
 */
public sealed interface SpeechEvent {

    /** Where on the audio clock this event happened. */
    long sample();

    SpeechEvent shiftedBy(long samples);

    /** The same event on another clock ({@code toOtherClock} maps a sample offset). */
    default SpeechEvent retimed(java.util.function.LongUnaryOperator toOtherClock) {
        return shiftedBy(toOtherClock.applyAsLong(sample()) - sample());
    }

    /** The recognizer heard speech begin at {@code sample}. */
    record SpeechStarted(long sample) implements SpeechEvent {

        public SpeechStarted {
            requireNonNegative(sample);
        }

        @Override
        public SpeechStarted shiftedBy(long samples) {
            return new SpeechStarted(sample + samples);
        }
    }

    /**
     * The recognizer heard a long enough gap after the last word, which ended at
     * {@code sample}, although no final said the speaker stopped. Reported only for an
     * utterance that no {@linkplain Hypothesis#speechFinal() speech-final} final ended, so a
     * client sees the end of each utterance exactly once.
     */
    record UtteranceEnded(long sample) implements SpeechEvent {

        public UtteranceEnded {
            requireNonNegative(sample);
        }

        @Override
        public UtteranceEnded shiftedBy(long samples) {
            return new UtteranceEnded(sample + samples);
        }
    }

    private static void requireNonNegative(long sample) {
        if (sample < 0) {
            throw new IllegalArgumentException("sample must be >= 0: " + sample);
        }
    }
}
