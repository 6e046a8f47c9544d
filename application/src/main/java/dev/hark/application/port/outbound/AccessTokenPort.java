package dev.hark.application.port.outbound;

import java.util.Optional;

/**
 * Signs and checks short-lived access tokens. The adapter owns the format and the key; the
 * application decides what a token means (which key, whether its time is up), so expiry is
 * judged on the application's clock, not the library's.
 */
public interface AccessTokenPort {

    /** A signed token carrying {@code claims}. */
    String sign(AccessClaims claims);

    /**
     * The claims of a token this server (or one sharing its signing secret) signed; empty for
     * anything else: another format, another key, another algorithm, tampered content.
     */
    Optional<AccessClaims> verify(String token);
}
