package dev.hark.infrastructure.inbound.deepgram;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@code /v1/listen} endpoint.
 *
 * @param idleTimeout   no binary or text frame for this long closes the connection with 1011
 *                      {@code NET-0001}, as Deepgram does after about 10 s
 * @param maxFrameBytes audio handed to the session per piece; a larger client chunk (Deepgram
 *                      takes any size) is split, never refused
 */
public record ListenSettings(Duration idleTimeout, int maxFrameBytes) {

    public static final ListenSettings DEFAULTS = new ListenSettings(Duration.ofSeconds(10), 64 * 1024);

    public ListenSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (!idleTimeout.isPositive()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxFrameBytes < 4) {
            throw new IllegalArgumentException("maxFrameBytes must hold a stereo sample frame");
        }
    }
}
