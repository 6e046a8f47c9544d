package dev.hark.application.port.inbound;

import dev.hark.domain.session.StreamOptions;
import java.util.Objects;

/**
 * A client's request to start a new transcription stream.
 *
 * @param caller who asks (authenticated at the upgrade); the session counts against its key's limits
 */
public record OpenStreamCommand(StreamOptions options, String clientAddress, Caller caller) {

    public OpenStreamCommand {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(caller, "caller");
    }

    /** Where no credential is required. */
    public OpenStreamCommand(StreamOptions options, String clientAddress) {
        this(options, clientAddress, Caller.ANONYMOUS);
    }
}
