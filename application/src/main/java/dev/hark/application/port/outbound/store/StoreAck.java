package dev.hark.application.port.outbound.store;

/** Result of unfenced bookkeeping: queue an assignment, acknowledge one, drop a lease. */
public sealed interface StoreAck permits Done, Unavailable {
}
