package dev.hark.application.port.inbound;

import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import java.util.Objects;

/**
 * What an adapter holds for one client attachment: the session and the generation it was
 * attached as. Every event the adapter forwards is stamped with it, so an event from a
 * replaced attachment is recognisably stale.
 */
public record StreamHandle(SessionId sessionId, Generation generation) {

    public StreamHandle {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(generation, "generation");
    }
}
