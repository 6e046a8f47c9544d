package dev.hark.application.port.in;

/**
 * Whether an event found its session. {@code SESSION_GONE} is the typed form of "no state for
 * this connection" (hazard H19): the caller tells its client, nothing throws.
 */
public enum Routing {
    QUEUED,
    SESSION_GONE
}
