package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission by decode load over the wire (H30): with decoders to spare, a stream beyond the
 * decode capacity is refused at once, before {@code session.started}, and the gauges show why.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DecodeCapacityIT {

    // two streams at the assumed 0.1 s of CPU per second of audio fit in 0.25 cores; four decoders would
    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("embedded.maxDecoders", "4"),
            ConfigOverride.config("embedded.warmDecoders", "2"),
            ConfigOverride.config("embedded.decodeCores", "0.25"),
            ConfigOverride.config("embedded.initialRealTimeFactor", "0.1"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("H30: beyond the decode capacity the client is refused at once with a retry hint, though decoders are free")
    void refusesTheStreamBeyondTheDecodeCapacity_atOnce_andAdmitsAgainWhenOneEnds_H30() throws Exception {
        TestStreamSocket first = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        TestStreamSocket second = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        assertThat(first.next().path("type").asText()).isEqualTo("session.started");
        assertThat(second.next().path("type").asText()).isEqualTo("session.started");

        try (TestStreamSocket refused = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            JsonNode error = refused.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("CAPACITY_EXHAUSTED");
            assertThat(error.path("message").asText()).contains("2 streams").contains("0.25 cores");
            assertThat(error.path("retry_after_ms").asLong()).isEqualTo(1500);
            assertThat(refused.awaitClose().code()).isEqualTo(1013);
        }
        JsonNode gauges = JSON.readTree(HarkAppHarness.admin(APP, "/metrics").body()).path("gauges");
        assertThat(gauges.path("hark.embedded.streams").path("value").asInt()).isEqualTo(2);
        assertThat(gauges.path("hark.embedded.decoders").path("value").asInt()).isEqualTo(2);
        assertThat(gauges.path("hark.embedded.demand_cores").path("value").asDouble()).isEqualTo(0.2);

        first.sendText("{\"type\":\"close_stream\"}");
        assertThat(first.nextOfType("session.closed")).isNotNull();
        first.awaitClose();
        first.close();
        try (TestStreamSocket next = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(next.next().path("type").asText()).isEqualTo("session.started");
        }
        second.close();
    }
}
