package dev.hark.domain.session;

/**
 * Whether a client is bound to the session. At most one attachment is current (hazard H11);
 * its generation fences everything stamped with an older one.
 */
public sealed interface Attachment {

    Generation generation();

    /** A client socket is bound as {@code generation}. */
    record Attached(Generation generation) implements Attachment {
    }

    /**
     * The client of {@code generation} went away without {@code close_stream}; the session waits
     * for a resume within its grace period. Timers of that generation may still act on it.
     */
    record Detached(Generation generation) implements Attachment {
    }
}
