package dev.hark.application.port.outbound.store;

/** Result of {@link WorkerSessionStorePort#publishFinal} and {@link WorkerSessionStorePort#publishInterim}. */
public sealed interface PublishOutcome permits PublishOutcome.Published, PublishOutcome.AlreadyCovered,
        PublishOutcome.OverlapsWatermark, SessionEnded, StaleOwner, NotFound, Unavailable {

    /**
     * Stored. For a final: it got {@code seq}, and the watermark moved to its end in the same step.
     * For an interim: {@code seq} is the number its final will get.
     */
    record Published(long seq, long watermark) implements PublishOutcome {
    }

    /** The result ends at or before the watermark: a final already covers it (a retry, or a replay's repeat). */
    record AlreadyCovered(long lastSeq, long watermark) implements PublishOutcome {
    }

    /** The final starts before the watermark: trim it to start there first (finals never overlap). */
    record OverlapsWatermark(long lastSeq, long watermark) implements PublishOutcome {
    }
}
