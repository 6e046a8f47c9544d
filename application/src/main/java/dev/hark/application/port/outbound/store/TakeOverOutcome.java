package dev.hark.application.port.outbound.store;

import dev.hark.domain.audio.AudioFormat;
import java.util.Objects;

/** Result of {@link WorkerSessionStorePort#takeOver}. */
public sealed interface TakeOverOutcome permits TakeOverOutcome.TookOver, TakeOverOutcome.OwnerAlive,
        TakeOverOutcome.NoLease, SessionEnded, NotFound, Unavailable {

    /**
     * The caller owns the session from now on and writes with {@code fence}. It replays the audio
     * from {@code watermark} (or from {@code releasedUntil} when retention released more, and then
     * tells the client) and numbers its next final {@code lastSeq + 1}.
     *
     * @param releasedUntil audio before this sample was released by the retention bound
     *                      without a final; 0 when nothing was
     */
    record TookOver(WorkerFence fence, AudioFormat format, long watermark, long lastSeq, long audioEnd,
                    long releasedUntil, SessionPhase phase) implements TakeOverOutcome {
        public TookOver {
            Objects.requireNonNull(fence, "fence");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(phase, "phase");
        }

        /** Where replay into a new recognizer stream starts. */
        public long replayFrom() {
            return Math.max(watermark, releasedUntil);
        }
    }

    /** The current owner's lease is alive (possibly the caller itself): a duplicate assignment. */
    record OwnerAlive(NodeId owner, long epoch) implements TakeOverOutcome {
        public OwnerAlive {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** The caller's own lease is gone: it was declared dead and must not take anything. */
    record NoLease() implements TakeOverOutcome {
    }
}
