package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * Close frames for {@code /v1/listen} (deepgram-protocol.md §4). Deepgram defines two error
 * closes, which keep their observed texts; every other way Hark ends a session is said with
 * the fitting RFC 6455 code and the Hark error code in the reason, so a client (or a person
 * reading its logs) can tell what happened.
 */
final class CloseReasons {

    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int POLICY_VIOLATION = 1008;
    static final int SERVER_ERROR = 1011;
    static final int TRY_AGAIN_LATER = 1013;

    /** 1011: no binary or text frame from the client within the idle window. */
    static final String NET_0001 = "NET-0001 Hark did not receive audio data or a text message within the timeout"
            + " window.";

    /** 1008: the payload could not be decoded as audio. */
    static final String DATA_0000 = "DATA-0000 The payload cannot be decoded as audio.";

    /** A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5). */
    private static final int MAX_REASON_BYTES = 123;

    private CloseReasons() {
    }

    /** The close code for an error that ends the session. */
    static int codeFor(ErrorCode code) {
        return switch (code) {
            case AUDIO_NOT_DECODABLE, UNSUPPORTED_AUDIO_FORMAT, INVALID_AUDIO_FRAME -> POLICY_VIOLATION;
            case CAPACITY_EXHAUSTED, SESSION_BUSY, RECONNECT_TOO_SOON, PROVIDER_TIMEOUT, KEY_CONCURRENCY_LIMIT,
                 KEY_RATE_LIMIT, SERVER_DRAINING -> TRY_AGAIN_LATER;
            case SERVER_SHUTTING_DOWN -> GOING_AWAY;
            case PROVIDER_ERROR, PROVIDER_REJECTED, INTERNAL_ERROR -> SERVER_ERROR;
            case INVALID_PARAMETER, SESSION_TAKEN_OVER, RESUME_DENIED, SESSION_NOT_FOUND, MALFORMED_MESSAGE,
                 UNKNOWN_MESSAGE_TYPE, FRAME_TOO_LARGE, AUDIO_BUFFER_FULL, STREAM_CLOSING, FINALS_EXPIRED,
                 AUDIO_NOT_REPLAYABLE -> POLICY_VIOLATION;
        };
    }

    /** Deepgram's DATA-0000 for audio that cannot be decoded; otherwise the Hark code and message. */
    static String reasonFor(ClientError error) {
        if (error.code() == ErrorCode.AUDIO_NOT_DECODABLE || error.code() == ErrorCode.UNSUPPORTED_AUDIO_FORMAT
                || error.code() == ErrorCode.INVALID_AUDIO_FRAME) {
            return DATA_0000;
        }
        return truncate(error.code().name() + ": " + error.message());
    }

    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = Math.min(reason.length(), MAX_REASON_BYTES);
        while (end > 0 && reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            end--;
        }
        return reason.substring(0, end);
    }
}
