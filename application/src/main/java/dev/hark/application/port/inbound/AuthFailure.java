package dev.hark.application.port.inbound;

/**
 * Why a request was not authenticated. The names are stable: they label the
 * {@code hark_auth_failures_total} metric and appear in the {@code hark-error} header of a
 * refused upgrade.
 */
public enum AuthFailure {
    /** Keys are configured and the request carried no credential. HTTP 401. */
    MISSING_CREDENTIAL(401),
    /** An {@code Authorization} scheme other than {@code Bearer}/{@code Token}, or an empty credential. HTTP 401. */
    MALFORMED_CREDENTIAL(401),
    /** Not a configured API key, and not a token Hark signed. HTTP 401. */
    UNKNOWN_CREDENTIAL(401),
    /** A token Hark signed whose time is up. HTTP 401. */
    EXPIRED_TOKEN(401),
    /** A token Hark signed for an API key that is no longer configured. HTTP 401. */
    REVOKED_KEY(401),
    /** Minting a token needs an API key, not another token. HTTP 403. */
    TOKEN_NOT_ALLOWED(403),
    /** A browser page from an origin that is not allowed. HTTP 403. */
    ORIGIN_NOT_ALLOWED(403);

    private final int httpStatus;

    AuthFailure(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
