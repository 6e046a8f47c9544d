package dev.hark.infrastructure.outbound.embedded;

import java.util.List;

/**
 * One speech decoder, seen the way a stream drives it. Not thread-safe: the pool hands each
 * decoder to one stream, and that stream calls it from one lane at a time. Methods throw
 * {@link DecoderException} when the engine reports an error; the decoder is then unusable.
 */
interface SpeechDecoder extends AutoCloseable {

    /**
     * Starts a new audio stream: resets noise estimates and the frame clock, so that word
     * frames count from here. Called once per borrowing stream, before its first utterance.
     */
    void startStream();

    void startUtterance();

    /** Feeds 16 kHz mono 16-bit little-endian PCM (whole samples) to the open utterance. */
    void process(byte[] pcm);

    /** Whether the engine's voice activity detector is inside speech after the last {@link #process}. */
    boolean inSpeech();

    void endUtterance();

    boolean utteranceOpen();

    /** The current (open utterance) or final (ended utterance) best hypothesis, cleaned; empty when none. */
    String hypothesis();

    /**
     * Real words of the current or last utterance, fillers removed. Frames count from
     * {@link #startStream()}, not from the utterance: this engine version reports stream-wide
     * segment times (see {@code ps_start_stream} in pocketsphinx.h).
     */
    List<DecodedWord> words();

    /** Frees the native decoder. Idempotent; the decoder must not be used afterwards. */
    @Override
    void close();
}
