package dev.hark.infrastructure.outbound.metrics;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * Cluster mode: {@code hark_cluster_takeovers_total}, {@code hark_cluster_fenced_writes_refused_total{role}},
 * {@code hark_cluster_store_command_seconds{operation}}, {@code hark_cluster_assignment_wait_seconds}.
 */
public final class PrometheusClusterMetricsAdapter implements ClusterMetricsPort {

    private static final double[] COMMAND_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double[] WAIT_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Counter takeovers;
    private final Counter fencedWrites;
    private final Histogram commandSeconds;
    private final Histogram assignmentWaitSeconds;

    public PrometheusClusterMetricsAdapter(PrometheusRegistry registry) {
        takeovers = PrometheusSessionMetricsAdapter.counter(registry, "hark_cluster_takeovers",
                "Sessions this worker took over from another worker (owner lost or released).");
        fencedWrites = PrometheusSessionMetricsAdapter.counter(registry, "hark_cluster_fenced_writes_refused",
                "Writes Redis refused because the writer was fenced off (stale generation or epoch), by role.", "role");
        commandSeconds = Histogram.builder().name("hark_cluster_store_command_seconds")
                .help("Round trip of store commands (Redis Functions), by operation.").labelNames("operation")
                .classicOnly().classicUpperBounds(COMMAND_BUCKETS).register(registry);
        assignmentWaitSeconds = Histogram.builder().name("hark_cluster_assignment_wait_seconds")
                .help("From an assignment's enqueueing to a worker's take-over.")
                .classicOnly().classicUpperBounds(WAIT_BUCKETS).register(registry);
    }

    @Override
    public void takeover() {
        takeovers.inc();
    }

    @Override
    public void fencedWriteRefused(String role) {
        fencedWrites.labelValues(role).inc();
    }

    @Override
    public void storeCommand(String operation, Duration latency) {
        commandSeconds.labelValues(operation).observe(latency.toNanos() / 1e9);
    }

    /** Redis stamps stream ids with its own clock; on one machine (or NTP-synced ones) that is close enough. */
    @Override
    public void assignmentTaken(String assignmentId) {
        int dash = assignmentId.indexOf('-');
        if (dash <= 0) {
            return;
        }
        try {
            long waitedMillis = System.currentTimeMillis() - Long.parseLong(assignmentId.substring(0, dash));
            assignmentWaitSeconds.observe(Math.max(0, waitedMillis) / 1e3);
        } catch (NumberFormatException notAStreamId) {
            // nothing to measure
        }
    }
}
