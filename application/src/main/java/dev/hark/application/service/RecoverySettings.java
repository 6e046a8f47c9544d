package dev.hark.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a session recovers from a recognizer stream that dies mid-session (H23).
 *
 * @param maxRetainedAudio audio kept after the acknowledged watermark for replay; beyond it the
 *                         oldest is released and the client is told ({@code AUDIO_NOT_REPLAYABLE})
 * @param initialBackoff   delay before the first reconnect; doubles per consecutive failure
 * @param maxBackoff       cap on that delay
 * @param maxQuickFailures consecutive failures (each within {@code healthyAfter} of its connect)
 *                         after which the session gives up with {@code PROVIDER_ERROR}
 * @param healthyAfter     a stream that lived this long resets the failure count
 */
public record RecoverySettings(Duration maxRetainedAudio, Duration initialBackoff, Duration maxBackoff,
                               int maxQuickFailures, Duration healthyAfter) {

    public static final RecoverySettings DEFAULTS = new RecoverySettings(Duration.ofSeconds(30),
            Duration.ofMillis(200), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));

    public RecoverySettings {
        Objects.requireNonNull(maxRetainedAudio, "maxRetainedAudio");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(healthyAfter, "healthyAfter");
        if (!maxRetainedAudio.isPositive() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || maxQuickFailures < 1) {
            throw new IllegalArgumentException("invalid recovery settings");
        }
    }
}
