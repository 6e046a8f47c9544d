package dev.hark.application.port.outbound.store;

/** Result of the gateway's other fenced writes: rotate the token, mark the audio, detach. */
public sealed interface GatewayWriteOutcome
        permits Done, AlreadyDone, AudioClosed, StaleGeneration, NotFound, Unavailable {
}
