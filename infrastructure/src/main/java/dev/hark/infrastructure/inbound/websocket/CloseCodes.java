package dev.hark.infrastructure.inbound.websocket;

import dev.hark.domain.error.ErrorCode;

/** WebSocket close codes (RFC 6455 section 7.4) for errors that end a stream; listed in docs/protocol.md. */
final class CloseCodes {

    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int UNSUPPORTED_DATA = 1003;
    static final int POLICY_VIOLATION = 1008;
    static final int SERVER_ERROR = 1011;
    static final int TRY_AGAIN_LATER = 1013;
    /** Application-defined (4000-4999): this attachment was replaced by a newer client. */
    static final int TAKEN_OVER = 4001;

    private CloseCodes() {
    }

    static int forError(ErrorCode code) {
        return switch (code) {
            case UNSUPPORTED_AUDIO_FORMAT, AUDIO_NOT_DECODABLE -> UNSUPPORTED_DATA;
            case INVALID_PARAMETER -> POLICY_VIOLATION;
            case CAPACITY_EXHAUSTED, SESSION_BUSY, RECONNECT_TOO_SOON, PROVIDER_TIMEOUT, KEY_CONCURRENCY_LIMIT, KEY_RATE_LIMIT,
                 SERVER_DRAINING -> TRY_AGAIN_LATER;
            case SESSION_TAKEN_OVER -> TAKEN_OVER;
            case RESUME_DENIED, SESSION_NOT_FOUND -> POLICY_VIOLATION;
            case SERVER_SHUTTING_DOWN -> GOING_AWAY;
            case PROVIDER_ERROR, PROVIDER_REJECTED, INTERNAL_ERROR -> SERVER_ERROR;
            case MALFORMED_MESSAGE, UNKNOWN_MESSAGE_TYPE, INVALID_AUDIO_FRAME, FRAME_TOO_LARGE,
                 AUDIO_BUFFER_FULL, STREAM_CLOSING, FINALS_EXPIRED, AUDIO_NOT_REPLAYABLE -> POLICY_VIOLATION;
        };
    }
}
