package dev.hark.application.port.outbound.store;

/** Why a session needs a worker. */
public enum AssignmentReason {
    /** A new session. */
    NEW,
    /** Its worker's lease lapsed: another must take over and replay after the watermark. */
    OWNER_LOST,
    /** A client resumed a session that had no live worker. */
    RESUMED,
    /** Its worker handed it back (drain). */
    RELEASED
}
