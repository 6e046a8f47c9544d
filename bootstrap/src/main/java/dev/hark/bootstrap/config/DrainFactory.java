package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.application.service.DrainSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code drain:} section: graceful shutdown on SIGTERM (H29; docs/operations.md). */
public class DrainFactory {

    /** How long attached clients have to finish after SIGTERM before their sessions are finalized. */
    @NotNull
    @JsonProperty
    private Duration timeout = Duration.seconds(30);

    /** Bound on finalizing (last finals delivered) after the deadline; then stragglers are ended. */
    @NotNull
    @JsonProperty
    private Duration finalizeTimeout = Duration.seconds(10);

    /** retry_after_ms sent with SERVER_DRAINING. */
    @NotNull
    @JsonProperty
    private Duration retryAfter = Duration.seconds(1);

    public DrainSettings build() {
        return new DrainSettings(timeout.toJavaDuration(), finalizeTimeout.toJavaDuration(),
                retryAfter.toJavaDuration());
    }
}
