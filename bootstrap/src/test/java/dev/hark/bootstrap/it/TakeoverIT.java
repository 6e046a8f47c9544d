package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policy {@code takeover} over real sockets: the newcomer wins, the old client is told and closed with 4001. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TakeoverIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("sessions.attachPolicy", "takeover"),
            ConfigOverride.config("sessions.reconnectCooldown", "1ms"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @Test
    void newcomerTakesOverAndTheOldClientIsClosedWith4001_H11_H12() throws Exception {
        TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        JsonNode started = owner.next();
        owner.sendBinary(new byte[640]);

        try (TestStreamSocket newcomer = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP,
                "session_id=" + started.path("session_id").asText() + "&resume_token="
                        + URLEncoder.encode(started.path("resume_token").asText(), StandardCharsets.UTF_8)))) {
            JsonNode resumed = newcomer.next();
            assertThat(resumed.path("type").asText()).isEqualTo("session.resumed");
            assertThat(resumed.path("generation").asLong()).isEqualTo(2);
            assertThat(resumed.path("audio_end_samples").asLong()).isEqualTo(320);

            JsonNode notice = owner.next();
            assertThat(notice.path("code").asText()).isEqualTo("SESSION_TAKEN_OVER");
            assertThat(owner.awaitClose().code()).isEqualTo(4001);

            newcomer.sendBinary(new byte[640]);
            newcomer.sendText("{\"type\":\"close_stream\"}");
            assertThat(newcomer.nextOfType("session.closed")).isNotNull();
            assertThat(newcomer.awaitClose().code()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> StreamProtocolIT.gaugeOf(APP, "hark.sessions.active") == 0);
    }

    /**
     * The old client has begun its closing handshake but the server has not read its Close yet
     * (raw socket: half a Close frame), so it is still the attachment: under takeover the
     * newcomer attaches and the old one is told, and closed with 4001.
     */
    @Test
    void newcomerTakesOver_whileTheOldSocketIsClosing_andTheOldOneIsClosedWith4001_H11() throws Exception {
        try (RawStreamSocket owner = RawStreamSocket.connect(HarkAppHarness.streamUri(APP, ""))) {
            JsonNode started = owner.nextText();
            owner.beginClose();

            try (TestStreamSocket newcomer = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP,
                    "session_id=" + started.path("session_id").asText() + "&resume_token="
                            + URLEncoder.encode(started.path("resume_token").asText(), StandardCharsets.UTF_8)))) {
                JsonNode resumed = newcomer.next();
                assertThat(resumed.path("type").asText()).isEqualTo("session.resumed");
                assertThat(resumed.path("generation").asLong()).isEqualTo(2);
                assertThat(owner.nextText().path("code").asText()).isEqualTo("SESSION_TAKEN_OVER");
                assertThat(owner.nextFrame().closeCode()).isEqualTo(4001);
                owner.finishClose();

                newcomer.sendText("{\"type\":\"close_stream\"}");
                assertThat(newcomer.nextOfType("session.closed")).isNotNull();
                assertThat(newcomer.awaitClose().code()).isEqualTo(1000);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> StreamProtocolIT.gaugeOf(APP, "hark.sessions.active") == 0);
    }
}
