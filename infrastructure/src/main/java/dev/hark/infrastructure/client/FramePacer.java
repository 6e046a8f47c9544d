package dev.hark.infrastructure.client;

/**
 * Decides when the next audio frame may go out. Real-time pacing makes a file behave like a
 * microphone (so interim results and endpointing are exercised as in production); unpaced
 * streaming is limited only by WebSocket flow control, which is what tests and batch runs want.
 */
@FunctionalInterface
public interface FramePacer {

    /** Blocks until frame {@code index} (0-based) is due. */
    void awaitTurn(int index) throws InterruptedException;

    /** As fast as the server accepts frames. */
    static FramePacer unpaced() {
        return index -> { };
    }
}
