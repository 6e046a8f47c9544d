package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import java.util.Objects;

/** Result of {@link GatewaySessionStorePort#attach}. */
public sealed interface AttachOutcome
        permits AttachOutcome.Attached, AttachOutcome.Denied, AttachOutcome.Busy, NotFound, Unavailable {

    /**
     * The caller's attachment is now current, as {@code generation}; any older attachment's next
     * write answers {@link StaleGeneration}.
     *
     * @param audioEnd the samples the store has: the client resends from here
     * @param lastSeq  the last final numbered so far: replay the outbox after the client's {@code last_seq}
     */
    record Attached(Generation generation, long audioEnd, long lastSeq, SessionPhase phase) implements AttachOutcome {
        public Attached {
            Objects.requireNonNull(generation, "generation");
            Objects.requireNonNull(phase, "phase");
        }
    }

    /** Wrong token (H16). Nothing changed. */
    record Denied() implements AttachOutcome {
    }

    /** Policy {@code reject} and another gateway with a live lease holds the session (H11). */
    record Busy(NodeId gateway) implements AttachOutcome {
        public Busy {
            Objects.requireNonNull(gateway, "gateway");
        }
    }
}
