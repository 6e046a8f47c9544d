package dev.hark.application.port.outbound;

import java.util.Objects;
import java.util.Optional;

/**
 * How much recognition the configured provider can still take, for readiness and metrics.
 * Separate from {@link SpeechRecognizerPort} so health reads it through a port, never by casting
 * a recognizer (which tests and decorators may wrap) to a concrete class.
 */
public interface RecognizerCapacityPort {

    RecognizerCapacity capacity();

    /**
     * @param inUse          recognizer resources held by streams (embedded: decoders lent out)
     * @param idle           resources ready for a new stream at once (embedded: idle decoders)
     * @param limit          the most there can be; 0 when the provider has no local limit (Deepgram)
     * @param backlogSeconds audio queued ahead of the recognizers, summed over streams
     * @param refusal        why a new stream would be refused now, if it would (no capacity left, the
     *                       upstream refused the last handshake); empty when streams can open
     */
    record RecognizerCapacity(int inUse, int idle, int limit, double backlogSeconds, Optional<String> refusal) {
        public RecognizerCapacity {
            Objects.requireNonNull(refusal, "refusal");
        }

        public boolean accepting() {
            return refusal.isEmpty();
        }

        /** A provider with no local limit that is not refusing. */
        public static final RecognizerCapacity UNBOUNDED = new RecognizerCapacity(0, 0, 0, 0, Optional.empty());
    }
}
