package dev.hark.application.port.outbound.store;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A process's liveness lease and the store's identity. A worker renews its lease about every
 * third of the ttl; once a renewal answers {@code LeaseLost}, others may already have taken its
 * sessions over, so it drops them all (their fences would refuse its writes anyway).
 */
public interface ProcessLeasePort {

    /** Takes the lease for a fresh process id; {@code LeaseLost} when the id is taken. */
    CompletionStage<LeaseOutcome> acquire(NodeRole role, NodeId id, Duration ttl);

    /** Extends a held lease; {@code LeaseLost} when it lapsed. */
    CompletionStage<LeaseOutcome> renew(NodeRole role, NodeId id, Duration ttl);

    /** Drops the lease (orderly shutdown) so others take over without waiting for it to lapse. */
    CompletionStage<StoreAck> release(NodeRole role, NodeId id);

    /** Whether the store answers, and which server run answered (a restart changes it). */
    CompletionStage<StoreProbe> probe();
}
