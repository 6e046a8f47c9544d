package dev.hark.infrastructure.outbound.embedded;

/** The native engine returned an error code or could not be created; the decoder is spent. */
final class DecoderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DecoderException(String message) {
        super(message);
    }

    DecoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
