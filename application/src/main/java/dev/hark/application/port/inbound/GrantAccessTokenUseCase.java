package dev.hark.application.port.inbound;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints a short-lived token for a browser, so an API key never has to reach a page. The token
 * is bound to the caller's key: sessions opened with it count against that key's limits, and it
 * stops working when the key is removed.
 */
public interface GrantAccessTokenUseCase {

    /**
     * As {@link AuthenticateUseCase#authenticate}, except that a token is refused with
     * {@link AuthFailure#TOKEN_NOT_ALLOWED}: only an API key may mint tokens, so a token cannot
     * extend its own life.
     */
    Authentication authenticateGranter(AccessRequest request);

    /** @param ttl the lifetime asked for; the configured default when empty, capped at {@link #MAX_TTL} */
    AccessGrant grant(Caller caller, Optional<Duration> ttl);

    /** The longest lifetime a token can be asked for (Deepgram's grant has the same bound). */
    Duration MAX_TTL = Duration.ofHours(1);

    /** A minted token and how long it lives. {@code toString} leaves the token out. */
    record AccessGrant(String accessToken, Duration expiresIn) {
        public AccessGrant {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(expiresIn, "expiresIn");
        }

        @Override
        public String toString() {
            return "AccessGrant[<redacted>, expiresIn=" + expiresIn + "]";
        }
    }
}
