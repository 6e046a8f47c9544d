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
 * @param keepAliveInterval a keepalive is sent to the recognizer when no audio was sent for this long
 * @param watchdogTimeout  a recognizer that has audio to work on but shows no progress for this
 *                         long is treated as dead and replaced, with replay
 * @param maxRecognizerBacklog audio sent to the recognizer and not yet processed beyond which the
 *                         session stops reading the client's socket until half of it is worked off (H24)
 */
public record RecoverySettings(Duration maxRetainedAudio, Duration initialBackoff, Duration maxBackoff,
                               int maxQuickFailures, Duration healthyAfter, Duration keepAliveInterval,
                               Duration watchdogTimeout, Duration maxRecognizerBacklog) {

    public static final RecoverySettings DEFAULTS = new RecoverySettings(Duration.ofSeconds(30),
            Duration.ofMillis(200), Duration.ofSeconds(5), 3, Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(20), Duration.ofSeconds(5));

    /** How often a session checks keepalive and watchdog deadlines. */
    public Duration livenessCheckInterval() {
        Duration half = keepAliveInterval.compareTo(watchdogTimeout) < 0 ? keepAliveInterval : watchdogTimeout;
        return half.dividedBy(5).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : half.dividedBy(5);
    }

    public RecoverySettings {
        Objects.requireNonNull(maxRetainedAudio, "maxRetainedAudio");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(healthyAfter, "healthyAfter");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(watchdogTimeout, "watchdogTimeout");
        Objects.requireNonNull(maxRecognizerBacklog, "maxRecognizerBacklog");
        if (!keepAliveInterval.isPositive() || !watchdogTimeout.isPositive()) {
            throw new IllegalArgumentException("keepAliveInterval and watchdogTimeout must be positive");
        }
        if (!maxRetainedAudio.isPositive() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || maxQuickFailures < 1) {
            throw new IllegalArgumentException("invalid recovery settings");
        }
    }
}
