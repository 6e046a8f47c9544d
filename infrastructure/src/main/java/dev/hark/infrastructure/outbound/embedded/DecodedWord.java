package dev.hark.infrastructure.outbound.embedded;

/**
 * A word as the engine reports it: 10 ms frames counted from the start of the stream
 * ({@code ps_start_stream}), {@code endFrame} inclusive.
 */
record DecodedWord(String text, int startFrame, int endFrame, double confidence) {

    DecodedWord {
        if (startFrame < 0 || endFrame < startFrame) {
            throw new IllegalArgumentException("bad frames [" + startFrame + ", " + endFrame + "]");
        }
        confidence = Double.isNaN(confidence) ? 0.0 : Math.clamp(confidence, 0.0, 1.0);
    }
}
