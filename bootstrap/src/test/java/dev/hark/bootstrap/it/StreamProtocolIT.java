package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol v1 over real sockets against the real application: the happy path and every kind
 * of bad input. Each bad input gets a clear error, loses nothing else, and leaves the server healthy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StreamProtocolIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @AfterEach
    void serverIsHealthyAndHoldsNoSessions() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == 0);
        assertThat(HarkAppHarness.admin(APP, "/healthcheck").statusCode()).isEqualTo(200);
    }

    @Test
    void startsSessionThenClosesCleanly_onCloseStream() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            JsonNode started = socket.next();
            assertThat(started.path("type").asText()).isEqualTo("session.started");
            assertThat(started.path("session_id").asText()).hasSizeGreaterThanOrEqualTo(8);
            assertThat(started.path("resume_token").asText()).hasSizeGreaterThanOrEqualTo(16);
            assertThat(started.path("generation").asLong()).isEqualTo(1);

            socket.sendBinary(new byte[640]);
            socket.sendText("{\"type\":\"keepalive\"}");
            socket.sendText("{\"type\":\"finalize\"}");
            socket.sendText("{\"type\":\"close_stream\"}");

            JsonNode closed = socket.nextOfType("session.closed");
            assertThat(closed.path("reason").asText()).isEqualTo("client_closed");
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    @DisplayName("H28: no permessage-deflate is negotiated, though the client offers it")
    void negotiatesNoCompression_whenTheClientOffersPermessageDeflate_H28() throws Exception {
        ClientUpgradeRequest offer = new ClientUpgradeRequest(HarkAppHarness.streamUri(APP, ""));
        offer.addExtensions("permessage-deflate; client_max_window_bits");
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, offer)) {
            assertThat(socket.upgradeResponse().getHeader("Sec-WebSocket-Extensions"))
                    .as("Sec-WebSocket-Extensions").isNull();
            assertThat(socket.upgradeResponse().getExtensions()).isEmpty();
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendText("{\"type\":\"close_stream\"}");
            assertThat(socket.nextOfType("session.closed")).isNotNull();
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void audioSentBeforeSessionStartedIsAccepted_H18() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            socket.sendBinary(new byte[640]);
            socket.sendBinary(new byte[640]);
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendText("{\"type\":\"close_stream\"}");
            assertThat(socket.nextOfType("session.closed")).isNotNull();
            assertThat(socket.drainUntilClosed()).noneMatch(m -> m.path("type").asText().equals("error"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all                 | MALFORMED_MESSAGE",
        "[1,2,3]                         | MALFORMED_MESSAGE",
        "{\"no_type\":true}              | MALFORMED_MESSAGE",
        "{\"type\":42}                   | MALFORMED_MESSAGE",
        "{\"type\":\"launch_rockets\"}   | UNKNOWN_MESSAGE_TYPE",
    })
    void answersBadTextFramesWithAnErrorAndKeepsTheStream(String frame, String code) throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendText(frame);
            JsonNode error = socket.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo(code);
            assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception");
            assertStreamStillWorks(socket);
        }
    }

    @Test
    void dropsAnOddLengthFrameWithAnErrorAndKeepsTheStream() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendBinary(new byte[641]);
            JsonNode error = socket.next();
            assertThat(error.path("code").asText()).isEqualTo("INVALID_AUDIO_FRAME");
            assertStreamStillWorks(socket);
        }
    }

    @Test
    void dropsAnOversizedFrameWithAnErrorAndKeepsTheStream() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendBinary(new byte[100 * 1024]);
            JsonNode error = socket.next();
            assertThat(error.path("code").asText()).isEqualTo("FRAME_TOO_LARGE");
            assertThat(error.path("message").asText()).contains("65536");
            assertStreamStillWorks(socket);
        }
    }

    @Test
    void closesWith1009_whenAFrameExceedsTheTransportCap_andServesTheNextClient() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendBinaryNoWait(new byte[512 * 1024]);
            // 1009 from the server; when its close races our unfinished write, the TCP reset may
            // arrive before the close frame can be read, which the client reports as abnormal
            assertThat(socket.awaitClose().code()).isIn(1009, 1006, -1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == 0);
        try (TestStreamSocket next = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(next.next().path("type").asText()).isEqualTo("session.started");
            assertStreamStillWorks(next);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "encoding=opus                 | UNSUPPORTED_AUDIO_FORMAT | 1003",
        "sample_rate=8000              | UNSUPPORTED_AUDIO_FORMAT | 1003",
        "sample_rate=44100             | UNSUPPORTED_AUDIO_FORMAT | 1003",
        "sample_rate=2                 | UNSUPPORTED_AUDIO_FORMAT | 1003",
        "sample_rate=fast              | INVALID_PARAMETER        | 1008",
        "channels=2                    | UNSUPPORTED_AUDIO_FORMAT | 1003",
        "channels=one                  | INVALID_PARAMETER        | 1008",
        "interim_results=maybe         | INVALID_PARAMETER        | 1008",
        "language=%3Cscript%3E         | INVALID_PARAMETER        | 1008",
    })
    void refusesBadQueryWithErrorAndCloseCode(String query, String code, int closeCode) throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, query))) {
            JsonNode error = socket.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo(code);
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(socket.awaitClose().code()).isEqualTo(closeCode);
        }
    }

    @Test
    void acceptsExplicitDefaultsAndIgnoresUnknownParameters() throws Exception {
        String query = "encoding=linear16&sample_rate=16000&channels=1&interim_results=false&language=en-US&future=1";
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, query))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            assertStreamStillWorks(socket);
        }
    }

    @Test
    void ignoresAudioAfterCloseStream_withAnError() throws Exception {
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            socket.sendText("{\"type\":\"close_stream\"}");
            // not waiting for the write: the server may already have closed the stream, which is fine
            socket.sendBinaryNoWait(new byte[640]);
            JsonNode first = socket.next();
            if (first.path("type").asText().equals("error")) {
                assertThat(first.path("code").asText()).isEqualTo("STREAM_CLOSING");
                first = socket.nextOfType("session.closed");
            }
            assertThat(first.path("type").asText()).isEqualTo("session.closed");
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void detachesTheSession_whenTheClientJustDisconnects_andEndsItAfterTheGracePeriod() throws Exception {
        TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
        socket.sendBinary(new byte[3200]);
        assertThat(activeSessions()).isEqualTo(1);
        socket.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> gaugeOf(APP, "hark.attachments.active") == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == 0);
    }

    private static void assertStreamStillWorks(TestStreamSocket socket) throws Exception {
        socket.sendBinary(new byte[640]);
        socket.sendText("{\"type\":\"close_stream\"}");
        JsonNode closed = socket.nextOfType("session.closed");
        assertThat(closed.path("reason").asText()).isEqualTo("client_closed");
        assertThat(socket.awaitClose().code()).isEqualTo(1000);
    }

    static int activeSessions() {
        return gaugeOf(APP, "hark.sessions.active");
    }

    @SuppressWarnings("unchecked")
    static int gaugeOf(DropwizardAppExtension<HarkConfiguration> app, String name) {
        return ((Gauge<Integer>) app.getEnvironment().metrics().getGauges().get(name)).getValue();
    }
}
