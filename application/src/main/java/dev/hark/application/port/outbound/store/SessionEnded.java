package dev.hark.application.port.outbound.store;

/** The session was finished by its worker; nothing more can be published or taken over. */
public record SessionEnded() implements TakeOverOutcome, PublishOutcome, WorkerWriteOutcome {
}
