package dev.hark.application.port.outbound;

import java.time.Duration;

/**
 * What cluster mode counts: hand-offs between workers, writes the store refused because the
 * writer was fenced off (a stale generation or epoch), how long store commands take, and how long
 * an assignment waited for a worker. Process-local; the store itself counts nothing.
 */
public interface ClusterMetricsPort {

    /** A worker took over a session another worker had owned (not a fresh assignment). */
    void takeover();

    /** The store refused a write as stale ({@code role}: gateway or worker): the writer dropped the session. */
    void fencedWriteRefused(String role);

    /** One store command's round trip, by operation (append, publish, take_over, ...). */
    void storeCommand(String operation, Duration latency);

    /**
     * A worker took over a session from assignment {@code assignmentId} (a Redis stream id,
     * {@code <enqueued millis>-<n>}): the adapter records the wait since it was enqueued. A
     * timestamp comparison across processes, so it is done outside the core, which reads no wall clock.
     */
    void assignmentTaken(String assignmentId);

    /** A port that records nothing, for roles and tests that do not care. */
    ClusterMetricsPort NONE = new ClusterMetricsPort() {
        @Override
        public void takeover() {
        }

        @Override
        public void fencedWriteRefused(String role) {
        }

        @Override
        public void storeCommand(String operation, Duration latency) {
        }

        @Override
        public void assignmentTaken(String assignmentId) {
        }
    };
}
