package dev.hark.domain.error;

import java.time.Duration;
import java.util.Objects;

/**
 * An error as told to a client: a stable code, a human message that never carries secrets
 * or stack traces, and, where retrying makes sense, how long to wait.
 *
 * @param retryAfter how long to wait before retrying, or {@link Duration#ZERO} when retrying
 *                   the same request would not help
 */
public record ClientError(ErrorCode code, String message, Duration retryAfter) {

    public ClientError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("negative retryAfter");
        }
    }

    public static ClientError of(ErrorCode code, String message) {
        return new ClientError(code, message, Duration.ZERO);
    }

    public static ClientError retryable(ErrorCode code, String message, Duration retryAfter) {
        return new ClientError(code, message, retryAfter);
    }

    public boolean hasRetryHint() {
        return !retryAfter.isZero();
    }

    public boolean endsStream() {
        return code.endsStream();
    }
}
