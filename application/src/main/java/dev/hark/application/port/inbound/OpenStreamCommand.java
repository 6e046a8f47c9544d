package dev.hark.application.port.inbound;

import dev.hark.domain.session.StreamOptions;
import java.util.Objects;

/**
 * A client's request to start a new transcription stream.
 *
 * @param caller   who asks (authenticated at the upgrade); the session counts against its key's limits
 * @param lifetime whether the session may outlive its connection (a resumable {@code /v1/stream}
 *                 session) or ends with it ({@code /v1/listen})
 */
public record OpenStreamCommand(StreamOptions options, String clientAddress, Caller caller, SessionLifetime lifetime) {

    public OpenStreamCommand {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** A resumable session (protocol v1) for {@code caller}. */
    public OpenStreamCommand(StreamOptions options, String clientAddress, Caller caller) {
        this(options, clientAddress, caller, SessionLifetime.RESUMABLE);
    }

    /** A resumable session where no credential is required. */
    public OpenStreamCommand(StreamOptions options, String clientAddress) {
        this(options, clientAddress, Caller.ANONYMOUS);
    }
}
