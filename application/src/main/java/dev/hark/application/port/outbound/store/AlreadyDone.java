package dev.hark.application.port.outbound.store;

/** The same write had already happened (a retry, or a client repeating itself); nothing changed. */
public record AlreadyDone() implements GatewayWriteOutcome {
}
