package dev.hark.application.service;

import dev.hark.domain.session.ResumeRules;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the session service; every one is a named setting in config.yml.
 *
 * @param maxPendingAudio         audio buffered per session while its recognizer stream is still
 *                                opening (H18); frames beyond it are refused with {@code AUDIO_BUFFER_FULL}
 * @param gracePeriod             how long a detached session waits for a resume (H15)
 * @param outboxCapacity          finals kept per session for resume
 * @param resumeRules             attach policy, per-session cooldown, busy retry hint (H11, H17)
 * @param providerConnectTimeout  bound on opening a recognizer stream (H8)
 * @param providerRetryAfter      retry hint when the recognizer timed out
 * @param addressBurst            attaches (new or resumed) one client address may make at once (H17)
 * @param addressPerSecond        sustained attaches per second per client address (H17)
 * @param recovery                reconnect and replay after a recognizer stream dies (H23)
 */
public record SessionSettings(Duration maxPendingAudio, Duration gracePeriod, int outboxCapacity,
                              ResumeRules resumeRules, Duration providerConnectTimeout,
                              Duration providerRetryAfter, int addressBurst, double addressPerSecond,
                              RecoverySettings recovery) {

    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            1000, ResumeRules.DEFAULTS, Duration.ofSeconds(10), Duration.ofSeconds(2), 30, 10.0,
            RecoverySettings.DEFAULTS);

    public SessionSettings {
        Objects.requireNonNull(maxPendingAudio, "maxPendingAudio");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(resumeRules, "resumeRules");
        Objects.requireNonNull(providerConnectTimeout, "providerConnectTimeout");
        Objects.requireNonNull(providerRetryAfter, "providerRetryAfter");
        Objects.requireNonNull(recovery, "recovery");
        if (maxPendingAudio.isNegative() || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (outboxCapacity < 1 || addressBurst < 1 || !(addressPerSecond > 0)) {
            throw new IllegalArgumentException("outboxCapacity >= 1, addressBurst >= 1, "
                    + "addressPerSecond > 0 required");
        }
    }

    public SessionSettings withMaxPendingAudio(Duration value) {
        return new SessionSettings(value, gracePeriod, outboxCapacity, resumeRules, providerConnectTimeout,
                providerRetryAfter, addressBurst, addressPerSecond, recovery);
    }

    public SessionSettings withResumeRules(ResumeRules value) {
        return new SessionSettings(maxPendingAudio, gracePeriod, outboxCapacity, value, providerConnectTimeout,
                providerRetryAfter, addressBurst, addressPerSecond, recovery);
    }

    public SessionSettings withRecovery(RecoverySettings value) {
        return new SessionSettings(maxPendingAudio, gracePeriod, outboxCapacity, resumeRules, providerConnectTimeout,
                providerRetryAfter, addressBurst, addressPerSecond, value);
    }
}
