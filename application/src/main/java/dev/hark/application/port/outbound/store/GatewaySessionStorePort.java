package dev.hark.application.port.outbound.store;

import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a gateway (the process that holds the client's socket) stores and reads. Its writes are
 * fenced by the {@link Generation} of its attachment: once a client resumed on another gateway,
 * this one's next write answers {@link StaleGeneration} and it closes its socket.
 * No method blocks and none completes exceptionally.
 */
public interface GatewaySessionStorePort {

    /** Stores a new session attached to {@code session.gateway()} as generation 1. */
    CompletionStage<CreateOutcome> create(NewSession session);

    /**
     * Attaches {@code gateway} with the next generation if {@code presented} is the session's token
     * (H16). A session held by a live gateway is refused ({@code Busy}) under {@link AttachPolicy#REJECT};
     * under {@code TAKEOVER}, or when the holder's lease is gone, the caller wins. Cancels expiry.
     */
    CompletionStage<AttachOutcome> attach(SessionId id, ResumeToken presented, NodeId gateway, AttachPolicy policy);

    /** Replaces the token once the new attachment has proven itself (H25). */
    CompletionStage<GatewayWriteOutcome> rotateToken(SessionId id, Generation generation, ResumeToken next);

    /**
     * Appends audio to the ledger. Idempotent by sample offset (H34): samples already stored are
     * skipped, a chunk wholly stored answers {@code DuplicateAudio}.
     */
    CompletionStage<AppendOutcome> appendAudio(SessionId id, Generation generation, PcmChunk chunk);

    /** Puts a client's {@code finalize} or {@code close_stream} into the ledger after the audio so far. */
    CompletionStage<GatewayWriteOutcome> markAudio(SessionId id, Generation generation, AudioMark mark);

    /** The client went away: nobody attached; the session expires after {@code grace} unless resumed. */
    CompletionStage<GatewayWriteOutcome> detach(SessionId id, Generation generation, Duration grace);

    /** Asks for a worker (a hint: the worker must still win the take-over). */
    CompletionStage<StoreAck> requestWorker(SessionId id, AssignmentReason reason);

    /** Fences and counters in one snapshot; gateways poll it to notice a lost owner. */
    CompletionStage<InspectOutcome> inspect(SessionId id);

    /**
     * Follows the session's outbox from after {@code after}: the finals a resuming client missed,
     * then everything as it is published, until closed.
     */
    StreamSubscription followTranscripts(SessionId id, TranscriptCursor after,
                                         StoreStreamListener<TranscriptEntry> listener);
}
