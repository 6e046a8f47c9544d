package dev.hark.application.port.inbound;

import java.util.Objects;

/**
 * A secret a client presented: an API key or an access token, as found in the request. Which one
 * it is is for the authenticator to decide (both travel in the same places). {@link #toString()}
 * never shows the secret.
 *
 * @param where where it was found, for logs and metrics
 */
public record PresentedCredential(String secret, Source where) {

    /** Where a credential travels: headers for servers, subprotocols and the query for browsers. */
    public enum Source {
        /** {@code Authorization: Bearer …} or {@code Token …}. */
        AUTHORIZATION_HEADER,
        /** {@code Sec-WebSocket-Protocol: bearer, …} or {@code token, …}. */
        SUBPROTOCOL,
        /** {@code ?access_token=…}. */
        QUERY
    }

    public PresentedCredential {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(where, "where");
    }

    @Override
    public String toString() {
        return "PresentedCredential[<redacted> from " + where + "]";
    }
}
