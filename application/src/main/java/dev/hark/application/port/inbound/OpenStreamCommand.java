package dev.hark.application.port.inbound;

import dev.hark.domain.session.StreamOptions;
import java.util.Objects;

/** A client's request to start a new transcription stream. */
public record OpenStreamCommand(StreamOptions options, String clientAddress, SessionLifetime lifetime) {

    public OpenStreamCommand {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** A resumable session (protocol v1). */
    public OpenStreamCommand(StreamOptions options, String clientAddress) {
        this(options, clientAddress, SessionLifetime.RESUMABLE);
    }
}
