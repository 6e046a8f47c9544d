package dev.hark.application.port.inbound;

import dev.hark.application.port.outbound.RecognizerCapacityPort.RecognizerCapacity;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Typed health, for probes and load balancers. Liveness (can this process still serve: do its
 * session lanes and timers run?) is separate from readiness (should it get new sessions: not
 * draining, recognizer capacity left, the upstream not refusing us), so an orchestrator restarts
 * a wedged process but only stops routing to a busy or draining one.
 */
public interface HealthQuery {

    Readiness readiness();

    /** Completes once the lanes and the timer thread have each run a probe task; the caller bounds the wait. */
    CompletionStage<Liveness> liveness();

    /**
     * @param ready    whether new sessions would be admitted now
     * @param reasons  why not (empty when ready)
     */
    record Readiness(boolean ready, List<String> reasons, int sessions, int attachments, int recognizerStreams,
                     boolean draining, RecognizerCapacity recognizer) {
        public Readiness {
            reasons = List.copyOf(reasons);
            Objects.requireNonNull(recognizer, "recognizer");
        }
    }

    /** @param sessions sessions alive, for the operator reading the probe */
    record Liveness(boolean alive, int sessions) {
    }
}
