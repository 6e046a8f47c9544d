package dev.hark.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the session service.
 *
 * @param maxPendingAudio audio buffered per session while its recognizer stream is still
 *                        opening (H18); frames beyond it are refused with {@code AUDIO_BUFFER_FULL}
 */
public record SessionSettings(Duration maxPendingAudio) {

    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofSeconds(10));

    public SessionSettings {
        Objects.requireNonNull(maxPendingAudio, "maxPendingAudio");
        if (maxPendingAudio.isNegative()) {
            throw new IllegalArgumentException("maxPendingAudio must not be negative");
        }
    }
}
