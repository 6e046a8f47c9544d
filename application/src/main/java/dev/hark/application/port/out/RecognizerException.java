package dev.hark.application.port.out;

import dev.hark.domain.error.ClientError;
import java.util.Objects;

/**
 * A recognizer failure in terms a client may see. {@link #clientError()} never carries
 * secrets (keys, internal URLs) or stack traces; the cause is for logs only.
 */
public final class RecognizerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ClientError clientError;

    public RecognizerException(ClientError clientError) {
        this(clientError, null);
    }

    public RecognizerException(ClientError clientError, Throwable cause) {
        super(Objects.requireNonNull(clientError, "clientError").code() + ": " + clientError.message(), cause);
        this.clientError = clientError;
    }

    public ClientError clientError() {
        return clientError;
    }
}
