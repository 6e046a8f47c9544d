package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.application.service.SessionSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The {@code sessions:} section. */
public class SessionsFactory {

    /** Audio held per session while its recognizer opens. */
    @JsonProperty
    private Duration maxPendingAudio = Duration.seconds(10);

    /** Threads that run session lanes; lanes do no I/O waits, so few are needed. */
    @Min(1)
    @Max(256)
    @JsonProperty
    private int laneThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

    public SessionSettings build() {
        return new SessionSettings(maxPendingAudio.toJavaDuration());
    }

    public int laneThreads() {
        return laneThreads;
    }
}
