package dev.hark.domain.session;

/**
 * Lifecycle of a session. Transitions only go forward:
 * {@code STARTING -> ACTIVE -> CLOSING -> CLOSED}, and any state may jump to {@code CLOSED}
 * when the stream fails or the client vanishes.
 */
public enum SessionState {
    /** Registered, recognizer stream being opened; audio is buffered, not refused (H18). */
    STARTING,
    /** Announced to the client; audio flows to the recognizer. */
    ACTIVE,
    /** The client asked to close; remaining finals are being flushed. Audio is refused. */
    CLOSING,
    /** Over. Nothing may change any more. */
    CLOSED;

    public boolean acceptsAudio() {
        return this == STARTING || this == ACTIVE;
    }

    public boolean isTerminal() {
        return this == CLOSED;
    }
}
