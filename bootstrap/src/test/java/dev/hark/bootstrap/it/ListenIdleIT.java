package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deepgram's NET-0001 on {@code /v1/listen}, with the idle bound shortened by configuration:
 * a connection that sends no frame gets {@code Metadata}, then close 1011 with the NET-0001
 * reason, and its session ends. (That frames of any kind keep it open is {@code IdleWatchTest}'s,
 * on a manual clock.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ListenIdleIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("listen.idleTimeout", "400ms"),
            ConfigOverride.config("sessions.gracePeriod", "300s"));

    @Test
    void closesWithNet0001AfterMetadata_whenNoFrameArrives() throws Exception {
        try (TestStreamSocket socket = connect()) {
            socket.sendBinary(new byte[3_200]);

            List<JsonNode> messages = socket.drainUntilClosed();
            TestStreamSocket.CloseStatus close = socket.awaitClose();

            assertThat(messages).extracting(m -> m.path("type").asText()).containsExactly("Metadata");
            assertThat(messages.getFirst().path("duration").asDouble()).isEqualTo(0.1);
            assertThat(close.code()).isEqualTo(1011);
            assertThat(close.reason()).startsWith("NET-0001");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("hark.sessions.active") == 0);
    }

    private static TestStreamSocket connect() throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(URI.create("ws://localhost:" + APP.getLocalPort()
                + "/v1/listen?encoding=linear16&sample_rate=16000"));
        upgrade.setHeader("Authorization", "Token any-key");
        return TestStreamSocket.connect(HarkAppHarness.client(), upgrade);
    }

    @SuppressWarnings("unchecked")
    static int gauge(String name) {
        return ((Gauge<Integer>) APP.getEnvironment().metrics().getGauges().get(name)).getValue();
    }
}
