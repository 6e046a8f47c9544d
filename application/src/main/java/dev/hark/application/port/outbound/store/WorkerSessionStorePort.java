package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What an ASR worker (the process that holds recognizer streams) reads and stores. It is bound
 * to one worker's {@link NodeId}. Writes are fenced by the {@link WorkerFence} from
 * {@link #takeOver}: after another worker took the session over, the old owner's next write
 * answers {@link StaleOwner} (H31). No method blocks and none completes exceptionally.
 */
public interface WorkerSessionStorePort {

    /** The worker this port speaks for. */
    NodeId worker();

    /**
     * Waits up to {@code block} for up to {@code max} new assignments for this worker. One
     * outstanding call per port: they share one connection.
     */
    CompletionStage<AssignmentBatch> nextAssignments(int max, Duration block);

    /** Claims assignments delivered to some worker but not acknowledged for {@code minIdle} (it died). */
    CompletionStage<AssignmentBatch> reclaimAssignments(Duration minIdle, int max);

    /** Done with an assignment, whatever the take-over said. */
    CompletionStage<StoreAck> acknowledge(Assignment assignment);

    /** Becomes the owner if nobody is, or if the owner's lease is gone; bumps the epoch. */
    CompletionStage<TakeOverOutcome> takeOver(SessionId id);

    /**
     * Publishes a final on the session's clock: allocates its seq, appends it to the outbox, moves
     * the watermark to its end and releases the audio before it, in one atomic step.
     */
    CompletionStage<PublishOutcome> publishFinal(SessionId id, WorkerFence fence, Hypothesis finalResult);

    /** Publishes an interim; the next final supersedes (and removes) it. */
    CompletionStage<PublishOutcome> publishInterim(SessionId id, WorkerFence fence, Hypothesis interim);

    /** Ends the session after its last final; the outbox stays readable for {@code grace}. */
    CompletionStage<WorkerWriteOutcome> finish(SessionId id, WorkerFence fence, Duration grace, String reason);

    /** Gives the session up (drain) so another worker can take it over at once. */
    CompletionStage<WorkerWriteOutcome> release(SessionId id, WorkerFence fence);

    /**
     * Follows the session's audio ledger from sample {@code fromSample} (the watermark after a
     * take-over): audio and marks in order, the first chunk cut to start there.
     */
    StreamSubscription followAudio(SessionId id, long fromSample, StoreStreamListener<AudioEntry> listener);
}
