package dev.hark.application.port.outbound.store;

/** Result of {@link GatewaySessionStorePort#appendAudio}. */
public sealed interface AppendOutcome permits AppendOutcome.Appended, AppendOutcome.DuplicateAudio,
        AppendOutcome.AudioGap, AudioClosed, StaleGeneration, NotFound, Unavailable {

    /** Stored; the store now has audio up to {@code audioEnd} (the part already stored was skipped). */
    record Appended(long audioEnd) implements AppendOutcome {
    }

    /**
     * Everything in the chunk was stored before (H34): a client's resend, or the Redis client
     * replaying a command whose answer was lost. As good as {@link Appended} for the caller.
     */
    record DuplicateAudio(long audioEnd) implements AppendOutcome {
    }

    /** The chunk starts after {@code audioEnd}: audio in between is missing. Send from {@code audioEnd}. */
    record AudioGap(long audioEnd) implements AppendOutcome {
    }
}
