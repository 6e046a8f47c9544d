package dev.hark.application.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and sizing of cluster mode, one value per knob (config.yml's {@code cluster} section).
 *
 * @param leaseTtl           a process's liveness lease; a worker silent this long is declared dead
 *                           and its sessions are taken over (the hand-off bound, H32)
 * @param leaseRenewInterval how often a live process renews it (well under {@code leaseTtl})
 * @param ownerCheckInterval how often a gateway checks that its sessions' workers are alive
 * @param workerCapacity     sessions one worker decodes at once; a full worker takes no assignment
 * @param assignmentBlock    how long a worker's read of the assignment stream blocks
 * @param storeRetryDelay    wait between retries of a store write that found the store unavailable
 * @param storeOutageBound   how long a write keeps retrying before the stream fails (retryable, H35)
 * @param sessionGrace       how long a session's keys outlive its end
 * @param maxRetainedAudio   audio the store keeps behind the newest chunk for a replay
 * @param outboxCapacity     finals the store keeps per session
 * @param unavailableRetryAfter the retry hint a client gets while the store is unreachable (a new
 *                           session refused, a session ended past {@code storeOutageBound}); the
 *                           value of {@code sessions.providerRetryAfter}
 */
public record ClusterSettings(Duration leaseTtl, Duration leaseRenewInterval, Duration ownerCheckInterval,
                              int workerCapacity, Duration assignmentBlock, Duration storeRetryDelay,
                              Duration storeOutageBound, Duration sessionGrace, Duration maxRetainedAudio,
                              int outboxCapacity, Duration unavailableRetryAfter) {

    public ClusterSettings {
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(leaseRenewInterval, "leaseRenewInterval");
        Objects.requireNonNull(ownerCheckInterval, "ownerCheckInterval");
        Objects.requireNonNull(assignmentBlock, "assignmentBlock");
        Objects.requireNonNull(storeRetryDelay, "storeRetryDelay");
        Objects.requireNonNull(storeOutageBound, "storeOutageBound");
        Objects.requireNonNull(sessionGrace, "sessionGrace");
        Objects.requireNonNull(maxRetainedAudio, "maxRetainedAudio");
        Objects.requireNonNull(unavailableRetryAfter, "unavailableRetryAfter");
        if (leaseRenewInterval.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("leaseRenewInterval must be shorter than leaseTtl");
        }
        if (workerCapacity < 1 || outboxCapacity < 1) {
            throw new IllegalArgumentException("workerCapacity and outboxCapacity must be at least 1");
        }
    }
}
