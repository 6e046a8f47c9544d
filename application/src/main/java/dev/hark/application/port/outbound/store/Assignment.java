package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.SessionId;
import java.util.Objects;

/**
 * One entry of the assignment queue, delivered to one worker until it acknowledges it. An
 * assignment is a hint, not a grant: the worker still has to win {@code takeOver}, so a
 * duplicate or stale assignment costs one refused call.
 *
 * @param id the queue's id of the entry, opaque; pass it back to {@code acknowledge}
 */
public record Assignment(String id, SessionId sessionId, AssignmentReason reason) {

    public Assignment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(reason, "reason");
    }
}
