package dev.hark.domain.error;

/**
 * Every error code on the wire (docs/protocol.md lists the same set). {@link #endsStream()}
 * says whether the stream is closed after the error or goes on untouched.
 */
public enum ErrorCode {
    /** A text frame that is not a JSON object with a string {@code type}. The stream goes on. */
    MALFORMED_MESSAGE(false),
    /** A JSON control message whose {@code type} Hark does not know. The stream goes on. */
    UNKNOWN_MESSAGE_TYPE(false),
    /** A binary frame that is not a whole number of sample frames. The frame is dropped, the stream goes on. */
    INVALID_AUDIO_FRAME(false),
    /** A binary frame larger than the configured limit. The frame is dropped, the stream goes on. */
    FRAME_TOO_LARGE(false),
    /** Audio arrived faster than it can be buffered while the recognizer opens. The frame is dropped. */
    AUDIO_BUFFER_FULL(false),
    /** On resume: some finals after the client's last_seq were dropped at the outbox bound. The stream goes on. */
    FINALS_EXPIRED(false),
    /**
     * The recognizer fell behind by more than the retained audio bound; the oldest unacknowledged
     * audio can no longer be replayed if the recognizer fails. The stream goes on.
     */
    AUDIO_NOT_REPLAYABLE(false),
    /** Audio or control after {@code close_stream}. Ignored; the close goes on. */
    STREAM_CLOSING(false),
    /** A query parameter with a value Hark cannot parse. */
    INVALID_PARAMETER(true),
    /** A well-formed audio format that the configured recognizer cannot take. */
    UNSUPPORTED_AUDIO_FORMAT(true),
    /** Every recognizer is busy; retry after {@code retry_after_ms}. */
    CAPACITY_EXHAUSTED(true),
    /** The recognizer did not open within the connect timeout; retry after {@code retry_after_ms}. */
    PROVIDER_TIMEOUT(true),
    /** Another client is attached to this session (policy {@code reject}); retry after {@code retry_after_ms}. */
    SESSION_BUSY(true),
    /** A newer client took this session over (policy {@code takeover}); this attachment is over. */
    SESSION_TAKEN_OVER(true),
    /** The resume token does not match; the session is untouched. */
    RESUME_DENIED(true),
    /** No such session, or it has ended (closed, or its grace period expired). */
    SESSION_NOT_FOUND(true),
    /** Reconnecting too fast, for this session or from this address; retry after {@code retry_after_ms}. */
    RECONNECT_TOO_SOON(true),
    /** The recognizer failed and the stream cannot go on. */
    PROVIDER_ERROR(true),
    /**
     * The upstream provider refused the stream and retrying would not help: the gateway's
     * credentials, plan or options were not accepted. Operators find the detail in the log.
     */
    PROVIDER_REJECTED(true),
    /** The recognizer could not decode the audio (it does not match the declared format). */
    AUDIO_NOT_DECODABLE(true),
    /**
     * This API key already has as many sessions open as its limit allows; retry after
     * {@code retry_after_ms} (or once one of them has ended).
     */
    KEY_CONCURRENCY_LIMIT(true),
    /** This API key opens new sessions faster than its limit allows; retry after {@code retry_after_ms}. */
    KEY_RATE_LIMIT(true),
    /**
     * The server is draining before it stops and takes no new session; connect again (a load
     * balancer sends the retry to another instance) after {@code retry_after_ms}.
     */
    SERVER_DRAINING(true),
    /** The server is shutting down. */
    SERVER_SHUTTING_DOWN(true),
    /** A bug in Hark; logged with the session id. */
    INTERNAL_ERROR(true);

    private final boolean endsStream;

    ErrorCode(boolean endsStream) {
        this.endsStream = endsStream;
    }

    public boolean endsStream() {
        return endsStream;
    }
}
