package dev.hark.application.service;

import dev.hark.domain.audio.PcmChunk;

/**
 * The seam between a session's two halves, client side to recognizer side: audio on the
 * session's clock and the client's control requests. In process the {@link RecognizerSide}
 * implements it directly; in cluster mode (docs/architecture.md, "The seam") a gateway's
 * implementation writes the same calls to the shared store and a worker replays them into its
 * {@link RecognizerSide}. Every call is made on the session's lane and returns at once.
 */
interface RecognitionInput {

    /** Opens the first recognizer stream. */
    void start();

    /** Whether a frame of {@code samples} must be refused because no stream has opened yet and the early-audio buffer is full (H18). */
    boolean earlyAudioFull(long samples);

    /** Audio the session accepted, on its clock; kept in the ledger until a final covers it (H23). */
    void audio(PcmChunk chunk);

    /** The client asked for finals of everything so far. */
    void finalizeUtterance();

    /** The session is closing (close_stream or the drain's deadline): the rest of the finals, then {@link RecognitionOutput#finished}. */
    void close();

    /** Nobody is attached any more (H27: the stream is released, what no final covers stays for a resume). */
    void clientAway();

    /** A client is attached again: a released stream opens again with replay; a finished one is reported finished. */
    void clientBack();

    /** Lets the client's next message in now, or once the recognizer has caught up (H24). */
    void allowNextRead(Runnable readNext);

    /** The session ended: every stream, timer and held read goes. */
    void end();
}
