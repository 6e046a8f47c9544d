package dev.hark.application.port.outbound;

import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;

/** Unpredictable identifiers, injected so the core has no ambient randomness. */
public interface SecretSourcePort {

    SessionId newSessionId();

    ResumeToken newResumeToken();
}
