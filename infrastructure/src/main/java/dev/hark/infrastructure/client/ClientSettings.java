package dev.hark.infrastructure.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Every wait the client does has a bound, so a hung server turns into a one-line error instead
 * of a hung terminal.
 *
 * @param connectTimeout TCP connect plus WebSocket upgrade
 * @param startTimeout   from the upgrade to the server's {@code session.started}
 * @param sendTimeout    for one frame's send callback (flow control stalls longer than this fail)
 * @param closeTimeout   from {@code close_stream} until the server closes the WebSocket; covers
 *                       decoding the audio still queued on the server
 * @param idleTimeout    silence on the socket in either direction
 */
public record ClientSettings(
        Duration connectTimeout, Duration startTimeout, Duration sendTimeout, Duration closeTimeout,
        Duration idleTimeout) {

    public ClientSettings {
        positive(connectTimeout, "connectTimeout");
        positive(startTimeout, "startTimeout");
        positive(sendTimeout, "sendTimeout");
        positive(closeTimeout, "closeTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
