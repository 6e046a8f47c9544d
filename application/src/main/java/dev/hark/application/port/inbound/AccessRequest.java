package dev.hark.application.port.inbound;

import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter knows about a request that wants to open or resume a session, or mint a token.
 *
 * @param credential  the secret the client presented, if any (an unreadable one is {@code malformed})
 * @param malformed   the client tried to authenticate in a form Hark does not accept (an unknown
 *                    {@code Authorization} scheme, an empty token)
 * @param origin      the browser's {@code Origin} header; absent for non-browser clients
 * @param ownOrigin   this server's origin as the request addressed it ({@code http://host:port}), so a
 *                    page served by Hark itself is always allowed
 */
public record AccessRequest(Optional<PresentedCredential> credential, boolean malformed, Optional<String> origin,
                            String ownOrigin) {

    public AccessRequest {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(ownOrigin, "ownOrigin");
    }
}
