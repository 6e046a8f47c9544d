package dev.hark.application.port.outbound;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A speech recognizer (the embedded engine, Deepgram, ...). Hark opens one
 * {@link RecognizerStream} per session; the stream belongs to the session, never to a client
 * socket, so its events go to the {@link RecognitionListener} the session gave it.
 */
public interface SpeechRecognizerPort {

    /**
     * How client frames should be regrouped before they are sent: chunk size and the latency
     * bound (H21). Providers with a preferred range clamp the defaults into it.
     */
    default ChunkPolicy chunking() {
        return ChunkPolicy.DEFAULTS;
    }

    /**
     * How much faster than real time a backlog may be replayed into a new stream, or 0 for no
     * limit. Deepgram asks for at most 1.25; sending faster only delays its results.
     */
    default double maxReplaySpeed() {
        return 0;
    }

    /**
     * The format this recognizer wants a stream's audio in when the client sends
     * {@code clientFormat}: the client's own when it takes that natively (Deepgram decodes every
     * encoding Hark accepts, so audio passes through untouched), otherwise the one format it
     * needs (the embedded engine: 16 kHz mono linear16), which a converting decorator produces.
     * Whatever this says, the session's clock, frame checks, ledger and replay stay in the
     * client's format, so positions a client sees are on its own clock.
     */
    default AudioFormat nativeFormatFor(AudioFormat clientFormat) {
        return clientFormat;
    }

    /** Why this recognizer cannot take {@code format}, or empty when it can. */
    Optional<ClientError> refusalFor(AudioFormat format);

    /**
     * Opens a stream. Must not block the caller: slow work (decoder creation, a network
     * handshake) completes the future later. Fails with {@link RecognizerException} carrying
     * a client-safe error, for example {@code CAPACITY_EXHAUSTED} when no capacity is left.
     */
    CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request, RecognitionListener listener);
}
