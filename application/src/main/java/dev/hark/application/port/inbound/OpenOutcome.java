package dev.hark.application.port.inbound;

import dev.hark.domain.error.ClientError;

/**
 * Result of asking to open a stream. {@code Opening} means the session exists and audio may
 * already be sent (it is buffered until the recognizer is ready); {@code session.started}
 * follows on the client channel. {@code Refused} means nothing was created.
 */
public sealed interface OpenOutcome {

    record Opening(StreamHandle handle) implements OpenOutcome {
    }

    record Refused(ClientError error) implements OpenOutcome {
    }
}
