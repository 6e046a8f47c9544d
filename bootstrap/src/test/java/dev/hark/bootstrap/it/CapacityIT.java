package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A full decoder pool answers with CAPACITY_EXHAUSTED and a retry hint, never a hang; freed capacity is reused. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CapacityIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("embedded.maxDecoders", "1"),
            ConfigOverride.config("embedded.warmDecoders", "1"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @Test
    void refusesWithRetryHint_whenEveryDecoderIsBusy_andServesAgainOnceOneIsFree() throws Exception {
        TestStreamSocket holder = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        assertThat(holder.next().path("type").asText()).isEqualTo("session.started");

        try (TestStreamSocket refused = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            JsonNode error = refused.next();
            assertThat(error.path("code").asText()).isEqualTo("CAPACITY_EXHAUSTED");
            assertThat(error.path("retry_after_ms").asLong()).isEqualTo(1500);
            assertThat(refused.awaitClose().code()).isEqualTo(1013);
        }

        holder.sendText("{\"type\":\"close_stream\"}");
        assertThat(holder.nextOfType("session.closed")).isNotNull();
        holder.awaitClose();
        holder.close();

        try (TestStreamSocket next = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(next.next().path("type").asText()).isEqualTo("session.started");
        }
    }
}
