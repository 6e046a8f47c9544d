package dev.hark.application.port.outbound.store;

import java.util.Objects;

/**
 * The token a worker writes with: who owns the session and since which take-over. Every
 * take-over bumps the epoch, so an owner that was replaced (it paused past its lease, or was
 * cut off) holds an older epoch and its writes are refused (H31).
 */
public record WorkerFence(NodeId worker, long epoch) {

    public WorkerFence {
        Objects.requireNonNull(worker, "worker");
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch starts at 1, got " + epoch);
        }
    }
}
