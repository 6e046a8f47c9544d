package dev.hark.infrastructure.outbound.embedded;

import java.util.concurrent.CompletableFuture;

/**
 * Where streams borrow decoders and give them back. Every decoder handed out must come back
 * exactly once: {@link #release} when healthy, {@link #discard} when the engine failed.
 */
interface DecoderLender {

    /** Never blocks; fails with a {@code RecognizerException} when no decoder can be had. */
    CompletableFuture<SpeechDecoder> acquire();

    /**
     * Readies a lent decoder for a new stream: it starts from the cepstral mean recent streams
     * ended with ({@link RecentCepstralMean}). Call from the stream's lane, before its first audio.
     */
    void prepare(SpeechDecoder decoder);

    /** The lent decoder ended an utterance: remember the cepstral mean it adapted to. Call from the stream's lane. */
    void adapted(SpeechDecoder decoder);

    void release(SpeechDecoder decoder);

    void discard(SpeechDecoder decoder);
}
