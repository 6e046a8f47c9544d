package dev.hark.application.port.inbound;

import dev.hark.application.port.outbound.ClientChannelPort;

/** Starts a new session for a client connection. */
public interface OpenStreamUseCase {

    /**
     * Registers a session bound to {@code channel} and starts its recognizer stream. Never
     * blocks on the recognizer: the outcome of opening it reaches the client through the channel.
     */
    OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel);
}
