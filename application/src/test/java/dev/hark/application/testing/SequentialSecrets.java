package dev.hark.application.testing;

import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.util.concurrent.atomic.AtomicInteger;

/** Predictable ids and tokens for tests. */
public final class SequentialSecrets implements SecretSourcePort {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public SessionId newSessionId() {
        return new SessionId("session-%04d".formatted(next.incrementAndGet()));
    }

    @Override
    public ResumeToken newResumeToken() {
        return new ResumeToken("token-%016d".formatted(next.incrementAndGet()));
    }
}
