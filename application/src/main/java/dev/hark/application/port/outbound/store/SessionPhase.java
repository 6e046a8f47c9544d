package dev.hark.application.port.outbound.store;

/** Where a stored session is in its life. Only moves forward. */
public enum SessionPhase {
    /** Audio is accepted. */
    OPEN,
    /** The client asked to close: no more audio; the worker delivers the last finals, then finishes. */
    CLOSING,
    /** The worker finished; the outbox stays readable for the grace period, then everything expires. */
    ENDED
}
