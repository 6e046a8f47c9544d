package dev.hark.application.port.outbound.store;

import java.util.Objects;

/**
 * The store could not answer; the write may or may not have happened (a timed-out command can
 * still run later), which is safe because every write is fenced and appends are idempotent.
 * Retry with the same arguments, or give up after the grace period (H35).
 *
 * @param detail for the operator's log; never sent to a client
 */
public record Unavailable(Cause cause, String detail) implements CreateOutcome, JournalOutcome, AdoptOutcome, AttachOutcome, AppendOutcome,
        GatewayWriteOutcome, TakeOverOutcome, PublishOutcome, WorkerWriteOutcome, StoreAck, AssignmentBatch,
        LeaseOutcome, StoreProbe, InspectOutcome {

    /** Why. */
    public enum Cause {
        /** No answer within the command timeout (Redis paused, overloaded, or the link is stalled). */
        TIMEOUT,
        /** Not connected: refused at once instead of queued (the client reconnects by itself). */
        DISCONNECTED,
        /** The client's bounded request queue is full. */
        OVERLOADED,
        /** Redis answered with an error (out of memory, loading, read-only, ...). */
        REFUSED
    }

    public Unavailable {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
    }
}
