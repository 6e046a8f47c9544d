package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Every way a Deepgram stream can fail, as the {@link RecognizerException} the session acts on.
 * Retryable means a new connection may well work (the session reconnects and replays what no
 * final covers); non-retryable means it would fail the same way (credentials, plan, options,
 * audio that does not match its declared format). Messages are fixed texts: they never carry the
 * key, the URL or Deepgram's own error text, which go to the operator's log instead.
 */
final class ProviderFailures {

    static final int NORMAL_CLOSURE = 1000;
    static final int POLICY_VIOLATION = 1008;
    static final String UNDECODABLE_AUDIO_REASON = "DATA-0000";

    private final Duration retryAfter;

    ProviderFailures(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** The upgrade was answered with {@code status} instead of 101. */
    RecognizerException handshakeRefused(int status, Throwable cause) {
        if (status == 429) {
            return retryable("the speech provider is over its concurrency limit (HTTP 429)", cause);
        }
        if (status >= 500 && status <= 599) {
            return retryable("the speech provider is unavailable (HTTP " + status + ")", cause);
        }
        if (status >= 400 && status <= 499) {
            return new RecognizerException(ClientError.of(ErrorCode.PROVIDER_REJECTED, refusal(status)), cause);
        }
        return retryable("the speech provider gave an unexpected answer (HTTP " + status + ")", cause);
    }

    /** Deepgram could not be reached or the connection broke during the upgrade. */
    RecognizerException unreachable(Throwable cause) {
        return retryable("the speech provider could not be reached", cause);
    }

    /** The upgrade took longer than the adapter's handshake timeout. */
    RecognizerException handshakeTimedOut() {
        return RecognizerException.retryable(ClientError.retryable(ErrorCode.PROVIDER_TIMEOUT,
                "the speech provider did not answer in time", retryAfter), null);
    }

    /**
     * What Deepgram's close frame means: empty for the one good ending (1000 after
     * {@code CloseStream}), otherwise the failure to report.
     */
    Optional<RecognizerException> serverClosed(int code, String reason, boolean closing) {
        if (code == NORMAL_CLOSURE && closing) {
            return Optional.empty();
        }
        if (code == POLICY_VIOLATION && reason != null && reason.startsWith(UNDECODABLE_AUDIO_REASON)) {
            return Optional.of(new RecognizerException(ClientError.of(ErrorCode.AUDIO_NOT_DECODABLE,
                    "the speech provider could not decode the audio; check encoding and sample_rate")));
        }
        if (code == NORMAL_CLOSURE) {
            return Optional.of(retryable("the speech provider ended the stream unexpectedly", null));
        }
        return Optional.of(retryable("the speech provider closed the stream (" + code + ")", null));
    }

    /** The connection broke without a close frame, or a write failed. */
    RecognizerException connectionLost(Throwable cause) {
        return retryable("the connection to the speech provider was lost", cause);
    }

    /** Deepgram did not close within the close timeout after {@code CloseStream}. */
    RecognizerException closeTimedOut() {
        return retryable("the speech provider did not finish the stream in time", null);
    }

    /** Audio piled up unsent: the connection stalled. */
    RecognizerException stalled() {
        return retryable("the speech provider stopped taking audio", null);
    }

    private RecognizerException retryable(String message, Throwable cause) {
        return RecognizerException.retryable(ClientError.retryable(ErrorCode.PROVIDER_ERROR, message, retryAfter), cause);
    }

    private static String refusal(int status) {
        return switch (status) {
            case 400 -> "the speech provider refused the stream's options (HTTP 400)";
            case 401 -> "the speech provider refused the credentials (HTTP 401)";
            case 402 -> "the speech provider account has no credit left (HTTP 402)";
            case 403 -> "the speech provider does not allow this model or feature for the account (HTTP 403)";
            default -> "the speech provider refused the stream (HTTP " + status + ")";
        };
    }
}
