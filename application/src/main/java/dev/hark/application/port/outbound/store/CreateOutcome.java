package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import java.util.Objects;

/** Result of {@link GatewaySessionStorePort#create}. */
public sealed interface CreateOutcome permits CreateOutcome.Created, CreateOutcome.AlreadyExists,
        CreateOutcome.Adopted, Unavailable {

    /** Stored, attached to the creating gateway as generation 1. */
    record Created(Generation generation) implements CreateOutcome {
        public Created {
            Objects.requireNonNull(generation, "generation");
        }
    }

    /** A session with this id exists (ids are random: this is a retry, or a bug). */
    record AlreadyExists() implements CreateOutcome {
    }

    /** Another gateway adopted the client session (H33): the caller no longer holds it. */
    record Adopted(NodeId holder) implements CreateOutcome {
        public Adopted {
            Objects.requireNonNull(holder, "holder");
        }
    }
}
