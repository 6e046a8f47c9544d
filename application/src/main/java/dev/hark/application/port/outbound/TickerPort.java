package dev.hark.application.port.outbound;

/**
 * A monotonic time source for durations: chunk latency, the recognizer watchdog and keepalive,
 * reconnect backoff and "healthy after", attach cooldowns and rate limits. Injected so tests move
 * time by hand, and monotonic so a wall-clock step (NTP, a VM resumed) never stretches or
 * shrinks a duration. Only differences between two readings mean anything.
 */
@FunctionalInterface
public interface TickerPort {

    /** Nanoseconds since an arbitrary origin; never goes backwards. */
    long nanoTime();
}
