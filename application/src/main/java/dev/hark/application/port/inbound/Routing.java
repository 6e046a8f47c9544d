package dev.hark.application.port.inbound;

/**
 * Whether an event found its session. {@code SESSION_GONE} is the typed form of "no state for
 * this connection" (hazard H19): the caller tells its client, nothing throws.
 */
public enum Routing {
    /** Queued on the session's lane; the session runs the caller's {@code readNext} once it took it (H24). */
    QUEUED,
    /** No such session (it ended, or never existed); nothing was queued and {@code readNext} will not run. */
    SESSION_GONE
}
