package dev.hark.infrastructure.outbound.secrets;

import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids (96 bits) and resume tokens (256 bits) from {@link SecureRandom}, URL-safe
 * base64 so clients can put them in a query string unescaped.
 */
public final class SecureRandomSecretSourceAdapter implements SecretSourcePort {

    private final SecureRandom random = new SecureRandom();
    private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

    @Override
    public SessionId newSessionId() {
        return new SessionId(randomText(12));
    }

    @Override
    public ResumeToken newResumeToken() {
        return new ResumeToken(randomText(32));
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return encoder.encodeToString(buffer);
    }
}
