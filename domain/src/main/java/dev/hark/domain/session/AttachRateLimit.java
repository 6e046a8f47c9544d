package dev.hark.domain.session;

import java.time.Duration;

/**
 * A token bucket for attach attempts from one client address (hazard H17): {@code burst}
 * attempts at once, refilled at {@code perSecond}. Time is passed in as monotonic ticker readings in
 * nanoseconds; nothing here reads a clock.
 * Not thread-safe; callers synchronise on it.
 */
public final class AttachRateLimit {

    private final int burst;
    private final double perSecond;
    private double tokens;
    private long updatedNanos;

    public AttachRateLimit(int burst, double perSecond, long nowNanos) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("burst >= 1 and perSecond > 0 required");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** Takes one attempt; ZERO when allowed, otherwise how long until the next one would be. */
    public Duration tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        double missing = 1 - tokens;
        return Duration.ofMillis(Math.max(1, (long) Math.ceil(missing / perSecond * 1000)));
    }

    /** True when the bucket is full again, so whoever holds it may forget it. */
    public boolean isIdle(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        if (nowNanos - updatedNanos > 0) {
            double seconds = (nowNanos - updatedNanos) / 1e9;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            updatedNanos = nowNanos;
        }
    }
}
