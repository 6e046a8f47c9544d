package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.ResumeTokens;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Transcript;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The client side of a gateway's sessions, written ahead into the store so another gateway can
 * rebuild a session whose gateway died (H33): what the client opened, which tokens resume it, and
 * every final before the client sees it. Writes are fenced by the holder's {@link JournalFence}.
 * Like every store port: asynchronous, never completes exceptionally, an unreachable store is
 * {@link Unavailable}; a retried write is answered {@link JournalOutcome.Journaled}.
 */
public interface ClientJournalPort {

    /** A new session's journal, held by {@link JournalFence#opener(NodeId) its opener}. */
    CompletionStage<JournalOutcome> open(SessionId id, NodeId gateway, String keyName, StreamOptions options,
                                         Generation generation, ResumeToken token, int outboxCapacity);

    /** A final, before the client sees it; finals come in seq order, one after the other. */
    CompletionStage<JournalOutcome> recordFinal(SessionId id, JournalFence fence, Transcript transcript);

    /** The tokens that resume the session now, and the client's generation (before the client hears of them). */
    CompletionStage<JournalOutcome> recordTokens(SessionId id, JournalFence fence, Generation generation,
                                                 ResumeTokens tokens);

    /** The session ended on its holder: nothing is left to resume. */
    CompletionStage<JournalOutcome> end(SessionId id, JournalFence fence);

    /**
     * Takes a session over from the gateway that held it: checks the presented token and the
     * key, fences the previous holder, retires its store session (which expires after
     * {@code retireTtl}) and returns the journal.
     */
    CompletionStage<AdoptOutcome> adopt(SessionId id, NodeId gateway, ResumeToken presented, String keyName,
                                        Duration retireTtl);
}
