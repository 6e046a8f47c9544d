package dev.hark.application.service;

import dev.hark.application.port.out.RecognizerStream;

/**
 * Where a session's recognizer stream is. Each state is its own type so only an {@code Open}
 * state can hand out a stream.
 */
sealed interface ProviderState {

    /** The stream is being opened; audio and requests wait in the session's pending buffer. */
    record Opening() implements ProviderState {
    }

    record Open(RecognizerStream stream) implements ProviderState {
    }

    /** Closed or never opened; nothing is sent any more. */
    record Gone() implements ProviderState {
    }
}
