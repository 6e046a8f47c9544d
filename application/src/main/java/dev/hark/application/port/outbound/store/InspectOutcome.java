package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import java.util.Objects;

/** Result of {@link GatewaySessionStorePort#inspect}. */
public sealed interface InspectOutcome permits InspectOutcome.Inspected, NotFound, Unavailable {

    /**
     * A consistent snapshot of a session's fences and counters.
     *
     * @param gateway    the attached gateway's id, empty while detached
     * @param owner      the owning worker's id, empty when none
     * @param ownerAlive whether the owner's lease exists; false with an owner means "owner lost"
     */
    record Inspected(Generation generation, String gateway, String owner, long epoch, boolean ownerAlive,
                     long lastSeq, long watermark, long audioEnd, long releasedUntil, SessionPhase phase)
            implements InspectOutcome {
        public Inspected {
            Objects.requireNonNull(generation, "generation");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(phase, "phase");
        }
    }
}
