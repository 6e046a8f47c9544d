package dev.hark.application.port.inbound;

/** How long a session outlives its client's connection. */
public enum SessionLifetime {
    /**
     * A dropped connection detaches the session, which waits {@code sessions.gracePeriod} for
     * the client to resume with its token (protocol v1, {@code /v1/stream}).
     */
    RESUMABLE,
    /**
     * The session ends with its connection: the client has no way to resume (Deepgram's
     * protocol, {@code /v1/listen}), so waiting would only hold a recognizer for nobody.
     */
    ENDS_WITH_CONNECTION
}
