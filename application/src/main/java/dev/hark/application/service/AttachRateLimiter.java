package dev.hark.application.service;

import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.session.AttachRateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-address attach limits (hazard H17), so a flapping client gets a structured
 * {@code RECONNECT_TOO_SOON} with a retry hint instead of busy-looping the server. Buckets
 * that have refilled are forgotten once the map grows, so memory stays bounded.
 */
final class AttachRateLimiter {

    private static final int PRUNE_ABOVE = 10_000;

    private final TickerPort ticker;
    private final int burst;
    private final double perSecond;
    private final Map<String, AttachRateLimit> buckets = new ConcurrentHashMap<>();

    AttachRateLimiter(TickerPort ticker, int burst, double perSecond) {
        this.ticker = ticker;
        this.burst = burst;
        this.perSecond = perSecond;
    }

    /** ZERO when {@code address} may attach now, otherwise how long it should wait. */
    Duration tryAcquire(String address) {
        long now = ticker.nanoTime();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.entrySet().removeIf(entry -> idle(entry.getValue(), now));
        }
        AttachRateLimit bucket = buckets.computeIfAbsent(address, key -> new AttachRateLimit(burst, perSecond, now));
        synchronized (bucket) {
            return bucket.tryAcquire(now);
        }
    }

    private static boolean idle(AttachRateLimit bucket, long now) {
        synchronized (bucket) {
            return bucket.isIdle(now);
        }
    }
}
