package dev.hark.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code drain:} settings (H29).
 *
 * @param timeout         how long attached clients have to finish after the drain starts; then every
 *                        session still alive is finalized
 * @param finalizeTimeout how long finalizing (flushing recognizers, delivering the last finals) may
 *                        take before stragglers are ended with {@code SERVER_SHUTTING_DOWN}
 * @param retryAfter      {@code retry_after_ms} sent with {@code SERVER_DRAINING}
 */
public record DrainSettings(Duration timeout, Duration finalizeTimeout, Duration retryAfter) {

    public static final DrainSettings DEFAULTS = new DrainSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(1));

    public DrainSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(finalizeTimeout, "finalizeTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (timeout.isNegative() || finalizeTimeout.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("drain durations must not be negative");
        }
    }
}
