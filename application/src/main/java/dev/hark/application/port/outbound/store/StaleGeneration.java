package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import java.util.Objects;

/**
 * The gateway's attachment was superseded (the client resumed elsewhere) or detached: the write
 * was refused. The gateway closes its socket for this session and forgets it.
 */
public record StaleGeneration(Generation current) implements AppendOutcome, GatewayWriteOutcome {

    public StaleGeneration {
        Objects.requireNonNull(current, "current");
    }
}
