package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import java.util.Objects;

/** Result of {@link GatewaySessionStorePort#create}. */
public sealed interface CreateOutcome permits CreateOutcome.Created, CreateOutcome.AlreadyExists, Unavailable {

    /** Stored, attached to the creating gateway as generation 1. */
    record Created(Generation generation) implements CreateOutcome {
        public Created {
            Objects.requireNonNull(generation, "generation");
        }
    }

    /** A session with this id exists (ids are random: this is a retry, or a bug). */
    record AlreadyExists() implements CreateOutcome {
    }
}
