package dev.hark.infrastructure.client;

/**
 * Why a stream failed, with a message fit for one line of a terminal. {@code code} is the
 * server's error code when the server reported the failure, otherwise one of the client's own
 * ({@code connect_failed}, {@code timeout}, {@code protocol}, {@code closed_abnormally},
 * {@code connection}, {@code resume_failed}, {@code closed}, {@code interrupted}).
 */
public final class HarkStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public HarkStreamException(String code, String message) {
        super(message);
        this.code = code;
    }

    public HarkStreamException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
