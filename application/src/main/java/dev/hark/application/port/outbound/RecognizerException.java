package dev.hark.application.port.outbound;

import dev.hark.domain.error.ClientError;
import java.util.Objects;

/**
 * A recognizer failure in terms a client may see. {@link #clientError()} never carries
 * secrets (keys, internal URLs) or stack traces; the cause is for logs only.
 */
public final class RecognizerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ClientError clientError;
    private final boolean retryable;

    /** A failure that a new stream would not fix (bad credentials, bad request, capacity). */
    public RecognizerException(ClientError clientError) {
        this(clientError, null);
    }

    public RecognizerException(ClientError clientError, Throwable cause) {
        this(clientError, cause, false);
    }

    private RecognizerException(ClientError clientError, Throwable cause, boolean retryable) {
        super(Objects.requireNonNull(clientError, "clientError").code() + ": " + clientError.message(), cause);
        this.clientError = clientError;
        this.retryable = retryable;
    }

    /**
     * A failure of one stream that a new stream may well not have (a dropped connection, a
     * crashed decoder): the session reconnects and replays unacknowledged audio (H23).
     */
    public static RecognizerException retryable(ClientError clientError, Throwable cause) {
        return new RecognizerException(clientError, cause, true);
    }

    public boolean isRetryable() {
        return retryable;
    }

    public ClientError clientError() {
        return clientError;
    }
}
