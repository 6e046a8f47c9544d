package dev.hark.application.port.outbound.store;

/** The client closed the stream (or the session ended): no more audio or marks are taken. */
public record AudioClosed(long audioEnd) implements AppendOutcome, GatewayWriteOutcome {
}
