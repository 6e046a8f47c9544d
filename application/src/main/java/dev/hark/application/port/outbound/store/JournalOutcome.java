package dev.hark.application.port.outbound.store;

/** Result of a {@link ClientJournalPort} write. */
public sealed interface JournalOutcome permits JournalOutcome.Journaled, JournalOutcome.Fenced, NotFound, Unavailable {

    /** Written (or it already was: a retried write whose first run succeeded). */
    record Journaled() implements JournalOutcome {
    }

    /** Another gateway adopted the session: the caller drops it without touching the store again. */
    record Fenced(long currentEpoch) implements JournalOutcome {
    }
}
