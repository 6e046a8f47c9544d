package dev.hark.infrastructure.outbound.redis;

import dev.hark.domain.session.ResumeToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The store keeps SHA-256 of a resume token, never the token: whoever reads Redis cannot resume
 * a session. Tokens are long random strings, so an unsalted hash is enough.
 */
final class TokenHashes {

    private TokenHashes() {
    }

    static String of(ResumeToken token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.value().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
