package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.inbound.deepgram.ListenSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code listen:} section: the Deepgram-compatible {@code /v1/listen} endpoint. */
public class ListenEndpointFactory {

    /** Deepgram closes a connection that sent no frame for about 10 s (NET-0001). */
    @NotNull
    @JsonProperty
    private Duration idleTimeout = Duration.seconds(10);

    /** @param maxFrameBytes the session's frame limit ({@code stream.maxFrameSize}); larger client chunks are split */
    public ListenSettings build(int maxFrameBytes) {
        return new ListenSettings(idleTimeout.toJavaDuration(), maxFrameBytes);
    }
}
