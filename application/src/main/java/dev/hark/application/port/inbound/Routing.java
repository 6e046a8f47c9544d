package dev.hark.application.port.inbound;

/**
 * Whether an event found its session. {@code SESSION_GONE} is the typed form of "no state for
 * this connection" (hazard H19): the caller tells its client, nothing throws.
 */
public enum Routing {
    /** Queued; read the next frame now. */
    QUEUED,
    /**
     * Queued, but the session is holding reads back (its recognizer is too far behind, H24): do
     * not read on; the session runs the {@code readNext} it was given once it has caught up.
     */
    QUEUED_READ_HELD,
    SESSION_GONE
}
