package dev.hark.domain.session;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket for attach attempts from one client address (hazard H17): {@code burst}
 * attempts at once, refilled at {@code perSecond}. Time is passed in; nothing here reads a clock.
 * Not thread-safe; callers synchronise on it.
 */
public final class AttachRateLimit {

    private final int burst;
    private final double perSecond;
    private double tokens;
    private Instant updated;

    public AttachRateLimit(int burst, double perSecond, Instant now) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("burst >= 1 and perSecond > 0 required");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
        this.updated = now;
    }

    /** Takes one attempt; ZERO when allowed, otherwise how long until the next one would be. */
    public Duration tryAcquire(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        double missing = 1 - tokens;
        return Duration.ofMillis(Math.max(1, (long) Math.ceil(missing / perSecond * 1000)));
    }

    /** True when the bucket is full again, so whoever holds it may forget it. */
    public boolean isIdle(Instant now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            double seconds = Duration.between(updated, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            updated = now;
        }
    }
}
