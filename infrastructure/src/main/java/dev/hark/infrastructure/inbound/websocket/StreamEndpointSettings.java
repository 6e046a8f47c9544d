package dev.hark.infrastructure.inbound.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@code /v1/stream} endpoint.
 *
 * @param maxFrameBytes largest binary frame accepted; a bigger one gets {@code FRAME_TOO_LARGE}
 *                      and is dropped while the stream goes on
 * @param transportFrameCapBytes hard cap Jetty enforces while reading a message; anything
 *                               bigger closes the socket with 1009 before Hark sees it, so
 *                               nobody can make the server buffer unbounded frames
 * @param idleTimeout a socket with no frame in either direction for this long is closed
 */
public record StreamEndpointSettings(int maxFrameBytes, int transportFrameCapBytes, Duration idleTimeout) {

    public static final StreamEndpointSettings DEFAULTS =
            new StreamEndpointSettings(64 * 1024, 1024 * 1024, Duration.ofSeconds(60));

    public StreamEndpointSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxFrameBytes < 2) {
            throw new IllegalArgumentException("maxFrameBytes must hold at least one sample");
        }
        if (transportFrameCapBytes < maxFrameBytes) {
            throw new IllegalArgumentException("transportFrameCapBytes must be >= maxFrameBytes");
        }
    }
}
