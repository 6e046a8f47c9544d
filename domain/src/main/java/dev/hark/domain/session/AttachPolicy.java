package dev.hark.domain.session;

/** What happens when a second client asks for a session whose current attachment is still attached. */
public enum AttachPolicy {
    /** The newcomer is refused with {@code SESSION_BUSY} and a retry hint. The default. */
    REJECT,
    /** The old attachment is told {@code SESSION_TAKEN_OVER} and closed; the newcomer attaches. */
    TAKEOVER
}
