package dev.hark.application.port.outbound.store;

/** The write happened. */
public record Done() implements GatewayWriteOutcome, WorkerWriteOutcome, StoreAck {
}
