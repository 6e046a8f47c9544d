package dev.hark.application.port.outbound.store;

/** Result of the worker's other fenced writes: finish, release. */
public sealed interface WorkerWriteOutcome permits Done, SessionEnded, StaleOwner, NotFound, Unavailable {
}
