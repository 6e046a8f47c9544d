package dev.hark.application.port.outbound;

import java.time.Instant;
import java.util.Objects;

/**
 * What a token says: the API key it was minted from (by name) and when it stops working.
 *
 * @param keyName   the configured name of the key, never the key
 * @param issuedAt  when it was minted
 * @param expiresAt the first instant at which it no longer opens sessions
 */
public record AccessClaims(String keyName, Instant issuedAt, Instant expiresAt) {

    public AccessClaims {
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a token must expire after it was issued");
        }
    }
}
