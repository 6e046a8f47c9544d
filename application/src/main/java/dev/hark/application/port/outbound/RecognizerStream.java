package dev.hark.application.port.outbound;

import dev.hark.domain.audio.PcmChunk;

/**
 * One open recognition stream. All methods return at once; recognition happens elsewhere
 * (never on the caller's thread, which may be a WebSocket I/O thread) and results arrive at
 * the stream's {@link RecognitionListener}, in order, on the stream's clock: sample 0 is the
 * first sample sent to this stream.
 */
public interface RecognizerStream {

    /** Queues audio. Chunks are contiguous and in order. Ignored once the stream is closing. */
    void sendAudio(PcmChunk chunk);

    /** Turns everything heard so far into finals; the stream stays open for more audio. */
    void finalizeUtterance();

    /**
     * No more audio: delivers the remaining finals, then {@link RecognitionListener#onClosed()}
     * exactly once, then releases its resources. Idempotent.
     */
    void closeGracefully();

    /** Releases everything now; no callback follows. Idempotent, safe after any other call. */
    void abort();

    /**
     * Keeps an idle upstream open: some providers close a stream that receives nothing for a
     * few seconds (Deepgram: about 10 s). Called by the session when no audio was sent for
     * {@code sessions.providerKeepAliveInterval}, also while the client is detached. Streams
     * that need nothing ignore it.
     */
    default void keepAlive() {
    }

    /** False once closing, closed, aborted or failed. */
    boolean isOpen();
}
