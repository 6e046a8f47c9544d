package dev.hark.application.port.outbound.store;

import java.util.Objects;

/**
 * The worker no longer owns the session (another took over, or it released it): the write was
 * refused (H31). The worker drops the session at once.
 *
 * @param owner the current owner's id, empty when nobody owns it
 */
public record StaleOwner(String owner, long epoch) implements PublishOutcome, WorkerWriteOutcome {

    public StaleOwner {
        Objects.requireNonNull(owner, "owner");
    }
}
