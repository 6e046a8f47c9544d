package dev.hark.application.port.outbound.store;

/** Result of acquiring or renewing a liveness lease. */
public sealed interface LeaseOutcome permits LeaseOutcome.LeaseHeld, LeaseOutcome.LeaseLost, Unavailable {

    /** The lease is held for another ttl. */
    record LeaseHeld() implements LeaseOutcome {
    }

    /**
     * Renewing: the lease had lapsed, so the process was declared dead and others may have taken
     * its sessions: drop every session at once. Acquiring: the id is already taken.
     */
    record LeaseLost() implements LeaseOutcome {
    }
}
