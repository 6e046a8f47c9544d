package dev.hark.infrastructure.outbound.embedded;

import java.util.concurrent.CompletableFuture;

/**
 * Where streams borrow decoders and give them back. Every decoder handed out must come back
 * exactly once: {@link #release} when healthy, {@link #discard} when the engine failed.
 */
interface DecoderLender {

    /** Never blocks; fails with a {@code RecognizerException} when no decoder can be had. */
    CompletableFuture<SpeechDecoder> acquire();

    void release(SpeechDecoder decoder);

    void discard(SpeechDecoder decoder);
}
