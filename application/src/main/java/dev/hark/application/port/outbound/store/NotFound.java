package dev.hark.application.port.outbound.store;

/** No such session: never created, or expired after its grace period. */
public record NotFound() implements AttachOutcome, JournalOutcome, AdoptOutcome, AppendOutcome, GatewayWriteOutcome, TakeOverOutcome,
        PublishOutcome, WorkerWriteOutcome, InspectOutcome {
}
