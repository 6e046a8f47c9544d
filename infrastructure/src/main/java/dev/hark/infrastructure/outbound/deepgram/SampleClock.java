package dev.hark.infrastructure.outbound.deepgram;

/**
 * Turns Deepgram's seconds into samples of the stream's clock. Deepgram's clock starts at 0 with
 * the first audio of each connection, as the stream's does, so no offset is needed; rounding to
 * the nearest sample keeps a word that ends at 1.0 s ending exactly at sample 16 000.
 */
record SampleClock(int sampleRate) {

    SampleClock {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
    }

    /** The sample at {@code seconds}; negative or non-finite times (never sent by Deepgram) become 0. */
    long sampleAt(double seconds) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            return 0;
        }
        return Math.round(seconds * sampleRate);
    }
}
