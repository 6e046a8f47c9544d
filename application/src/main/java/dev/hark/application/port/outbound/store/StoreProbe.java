package dev.hark.application.port.outbound.store;

import java.util.Objects;

/** Result of {@link ProcessLeasePort#probe}: is the store there, and is it the same server as before. */
public sealed interface StoreProbe permits StoreProbe.Reachable, Unavailable {

    /**
     * @param runId changes whenever the Redis server restarts: what it kept came from its
     *              append-only file, which may lack the last second; gateways re-append their tail
     */
    record Reachable(String runId) implements StoreProbe {
        public Reachable {
            Objects.requireNonNull(runId, "runId");
        }
    }
}
