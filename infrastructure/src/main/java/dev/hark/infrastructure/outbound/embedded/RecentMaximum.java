package dev.hark.infrastructure.outbound.embedded;

/**
 * The largest value recorded in the current and the previous window of a fixed length: "recently"
 * without keeping every sample, and never stale by more than two windows. Time is passed in
 * (nanoseconds of a monotonic ticker). Not thread-safe: its owner locks.
 */
final class RecentMaximum {

    private final long windowNanos;
    private long windowStart;
    private long current;
    private long previous;

    RecentMaximum(long windowNanos, long nowNanos) {
        this.windowNanos = windowNanos;
        this.windowStart = nowNanos;
    }

    void record(long value, long nowNanos) {
        roll(nowNanos);
        current = Math.max(current, value);
    }

    long value(long nowNanos) {
        roll(nowNanos);
        return Math.max(current, previous);
    }

    private void roll(long nowNanos) {
        long windows = (nowNanos - windowStart) / windowNanos;
        if (windows >= 1) {
            previous = windows == 1 ? current : 0;
            current = 0;
            windowStart += windows * windowNanos;
        }
    }
}
