package dev.hark.emulator.deepgram;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulator listens and behaves by default.
 *
 * @param host        address to bind; loopback by default
 * @param port        port to bind, 0 for an ephemeral one ({@link DeepgramEmulator#port()})
 * @param apiKey      "" accepts any credentials (or none); otherwise {@code Token <apiKey>} or the
 *                    {@code token, <apiKey>} subprotocol is required (any non-empty Bearer
 *                    token is accepted, as the emulator cannot verify JWTs)
 * @param idleTimeout NET-0001 window: no client frame for this long closes with 1011
 * @param defaultPlan the plan for connections when nothing is queued
 * @param modelName   reported in {@code metadata.model_info.name} and in Metadata
 */
public record EmulatorSettings(String host, int port, String apiKey, Duration idleTimeout, ConnectionPlan defaultPlan,
                               String modelName) {

    public EmulatorSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(defaultPlan, "defaultPlan");
        Objects.requireNonNull(modelName, "modelName");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!idleTimeout.isPositive()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName must not be blank");
        }
    }

    /** 127.0.0.1, an ephemeral port, any key, Deepgram's 10 s idle window, normal connections. */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings("127.0.0.1", 0, "", Duration.ofSeconds(10), ConnectionPlan.normal(),
                "hark-emulator");
    }

    public EmulatorSettings withHost(String newHost) {
        return new EmulatorSettings(newHost, port, apiKey, idleTimeout, defaultPlan, modelName);
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(host, newPort, apiKey, idleTimeout, defaultPlan, modelName);
    }

    public EmulatorSettings withApiKey(String newApiKey) {
        return new EmulatorSettings(host, port, newApiKey, idleTimeout, defaultPlan, modelName);
    }

    public EmulatorSettings withIdleTimeout(Duration newIdleTimeout) {
        return new EmulatorSettings(host, port, apiKey, newIdleTimeout, defaultPlan, modelName);
    }

    public EmulatorSettings withDefaultPlan(ConnectionPlan newDefaultPlan) {
        return new EmulatorSettings(host, port, apiKey, idleTimeout, newDefaultPlan, modelName);
    }

    public EmulatorSettings withModelName(String newModelName) {
        return new EmulatorSettings(host, port, apiKey, idleTimeout, defaultPlan, newModelName);
    }

    /** Whether any credentials are checked at all. */
    boolean requiresKey() {
        return !apiKey.isEmpty();
    }
}
