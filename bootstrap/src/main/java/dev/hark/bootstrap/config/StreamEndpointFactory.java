package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;

/** The {@code stream:} section: limits of the {@code /v1/stream} endpoint. */
public class StreamEndpointFactory {

    /** 64 KiB is 2 s of 16 kHz mono audio; clients send 20-250 ms frames. */
    @JsonProperty
    private DataSize maxFrameSize = DataSize.kibibytes(64);

    @JsonProperty
    private DataSize transportFrameCap = DataSize.mebibytes(1);

    @JsonProperty
    private Duration idleTimeout = Duration.seconds(60);

    public StreamEndpointSettings build() {
        return new StreamEndpointSettings(Math.toIntExact(maxFrameSize.toBytes()),
                Math.toIntExact(Math.max(transportFrameCap.toBytes(), maxFrameSize.toBytes())),
                idleTimeout.toJavaDuration());
    }
}
