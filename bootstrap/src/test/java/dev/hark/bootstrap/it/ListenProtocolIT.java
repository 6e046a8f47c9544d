package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hark's {@code /v1/listen} over real sockets with the real engine: the handshake
 * (deepgram-protocol.md §1.3-§1.4, §7), the client's control messages and the end-of-stream
 * sequence. The grace period is long, so a session that ends when its socket drops proves it
 * did not wait for a resume.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ListenProtocolIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("sessions.gracePeriod", "300s"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAME = 3_200; // 100 ms of 16 kHz mono linear16

    // credentials (accepted and refused, every form) are checked with keys configured: AccessIT

    @ParameterizedTest
    @ValueSource(strings = {"encoding=opus&sample_rate=48000", "encoding=linear16", "encoding=linear16&sample_rate=abc",
            "encoding=linear16&sample_rate=16000&channels=3", "encoding=mulaw&sample_rate=8000&interim_results=maybe",
            "encoding=linear16&sample_rate=16000&endpointing=soon", "encoding=linear16&sample_rate=44101"})
    void refusesAQueryItCannotServe_with400(String query) throws Exception {
        RawUpgrade.Answer answer = RawUpgrade.send(APP.getLocalPort(), "/v1/listen?" + query, true,
                "Authorization: Token any-key");

        assertRefused(answer, 400, "INVALID_QUERY_PARAMETER");
    }

    @Test
    void answersAPlainRequestWith426_andARequestId() throws Exception {
        RawUpgrade.Answer answer = RawUpgrade.send(APP.getLocalPort(), "/v1/listen", false);

        assertRefused(answer, 426, "UPGRADE_REQUIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "bearer", "Token"})
    void acceptsTheBrowserSubprotocolCredential_echoingItsScheme_withNoCompression(String scheme) throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(listenUri("encoding=linear16&sample_rate=16000"));
        upgrade.setSubProtocols(scheme, "some-key-or-jwt");
        upgrade.addExtensions(ExtensionConfig.parse("permessage-deflate"));

        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, upgrade)) {
            assertThat(socket.upgradeResponse().getAcceptedSubProtocol()).isEqualTo(scheme);
            assertThat(socket.upgradeResponse().getHeader("dg-request-id")).isNotBlank();
            assertThat(socket.upgradeResponse().getExtensions()).as("no compression (H28)").isEmpty();
            socket.sendText("{\"type\":\"CloseStream\"}");
            assertThat(socket.drainUntilClosed()).extracting(m -> m.path("type").asText()).containsExactly("Metadata");
        }
    }

    @Test
    void finalizeFlushesAFinalMarkedFromFinalize_andCloseStreamEndsWithOneMetadataAndClose1000() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("weather");
        try (TestStreamSocket socket = connect("encoding=linear16&sample_rate=16000&interim_results=false")) {
            sendSpeech(socket, fixture.pcm(), FRAME);
            socket.sendText("{\"type\":\"KeepAlive\"}");
            socket.sendText("{\"type\":\"Finalize\"}");
            JsonNode flushed = socket.nextOfType("Results");
            while (!flushed.path("from_finalize").asBoolean()) {
                flushed = socket.nextOfType("Results");
            }
            assertThat(flushed.path("is_final").asBoolean()).isTrue();
            socket.sendText("{\"type\":\"CloseStream\"}");
            List<JsonNode> rest = socket.drainUntilClosed();

            assertThat(rest).isNotEmpty();
            assertThat(rest.getLast().path("type").asText()).isEqualTo("Metadata");
            assertThat(rest.stream().filter(m -> m.path("type").asText().equals("Metadata"))).hasSize(1);
            assertMetadata(rest.getLast(), fixture.pcm().length / 2 / 16_000.0);
            assertThat(rest).as("no voice events unless asked for").extracting(m -> m.path("type").asText())
                    .doesNotContain("SpeechStarted", "UtteranceEnd");
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void transcribesAndTimesFinalsOnTheConnectionsAudioClock_fromOddSizedChunks() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        try (TestStreamSocket socket = connect("encoding=linear16&sample_rate=16000&interim_results=true"
                + "&vad_events=true&utterance_end_ms=1000&unknown_option=kept&keyterm=a&keyterm=b")) {
            sendSpeech(socket, fixture.pcm(), 3_333); // chunks that cut samples in half
            socket.sendText("{\"type\":\"CloseStream\"}");
            List<JsonNode> messages = socket.drainUntilClosed();

            List<JsonNode> finals = messages.stream().filter(m -> m.path("is_final").asBoolean()).toList();
            String text = finals.stream().map(m -> m.path("channel").path("alternatives").get(0).path("transcript")
                    .asText()).collect(Collectors.joining(" "));
            assertThat(WordErrorRate.of(fixture.text(), text)).isLessThanOrEqualTo(0.15);
            double end = 0;
            for (JsonNode result : finals) {
                assertThat(result.path("start").asDouble()).as("finals tile the audio").isCloseTo(end,
                        org.assertj.core.data.Offset.offset(0.0015));
                end = result.path("start").asDouble() + result.path("duration").asDouble();
            }
            assertThat(end).isLessThanOrEqualTo(fixture.pcm().length / 2 / 16_000.0 + 0.001);
            assertThat(messages).extracting(m -> m.path("type").asText()).contains("SpeechStarted", "UtteranceEnd");
            assertThat(messages.getLast().path("type").asText()).isEqualTo("Metadata");
        }
    }

    @Test
    void takesAZeroLengthBinaryFrameAsCloseStream() throws Exception {
        try (TestStreamSocket socket = connect("encoding=linear16&sample_rate=16000")) {
            sendSpeech(socket, SpeechFixture.load("coffee").pcm(), FRAME);
            socket.sendBinary(new byte[0]);

            List<JsonNode> messages = socket.drainUntilClosed();
            assertThat(messages.getLast().path("type").asText()).isEqualTo("Metadata");
            assertThat(messages).anySatisfy(m -> assertThat(m.path("is_final").asBoolean()).isTrue());
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void readsTheFormatFromAWavHeader_whenNoEncodingIsDeclared() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("coffee");
        byte[] wav = Files.readAllBytes(fixture.wavFile());
        try (TestStreamSocket socket = connect("")) {
            sendSpeech(socket, wav, 1_000);
            socket.sendText("{\"type\":\"CloseStream\"}");
            List<JsonNode> messages = socket.drainUntilClosed();

            String text = messages.stream().filter(m -> m.path("is_final").asBoolean())
                    .map(m -> m.path("channel").path("alternatives").get(0).path("transcript").asText())
                    .collect(Collectors.joining(" "));
            assertThat(WordErrorRate.of(fixture.text(), text)).isLessThanOrEqualTo(0.15);
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void closesWithData0000_whenTheAudioCannotBeDecoded() throws Exception {
        try (TestStreamSocket socket = connect("")) {
            socket.sendBinary("OggS\0\2not really an ogg page".getBytes(StandardCharsets.US_ASCII));

            List<JsonNode> messages = socket.drainUntilClosed();
            assertThat(messages).extracting(m -> m.path("type").asText()).containsExactly("Metadata");
            TestStreamSocket.CloseStatus close = socket.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).startsWith("DATA-0000");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("hark.client.sockets.open") == 0
                && gauge("hark.sessions.active") == 0);
    }

    @Test
    void endsTheSessionAsSoonAsItsSocketDrops_withoutWaitingForAResume() throws Exception {
        TestStreamSocket socket = connect("encoding=mulaw&sample_rate=8000");
        socket.sendBinary(new byte[800]);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("hark.sessions.active") == 1
                && gauge("hark.client.sockets.open") == 1);

        socket.abort();

        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("hark.sessions.active") == 0
                && gauge("hark.provider.streams.active") == 0 && gauge("hark.client.sockets.open") == 0);
    }

    private static void assertRefused(RawUpgrade.Answer answer, int status, String errCode) throws Exception {
        assertThat(answer.status()).isEqualTo(status);
        String requestId = answer.header("dg-request-id");
        assertThat(requestId).isNotBlank();
        assertThat(answer.header("dg-error")).isNotBlank();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("err_code").asText()).isEqualTo(errCode);
        assertThat(body.path("err_msg").asText()).isEqualTo(answer.header("dg-error"));
        assertThat(body.path("request_id").asText()).isEqualTo(requestId);
    }

    private static void assertMetadata(JsonNode metadata, double seconds) {
        for (String field : List.of("transaction_key", "request_id", "sha256", "created", "duration", "channels")) {
            assertThat(metadata.hasNonNull(field)).as("Metadata.%s", field).isTrue();
        }
        assertThat(metadata.path("duration").asDouble()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.002));
        assertThat(metadata.path("channels").asInt()).isEqualTo(1);
        assertThat(metadata.path("models")).hasSize(1);
    }

    static TestStreamSocket connect(String query) throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(listenUri(query));
        upgrade.setHeader("Authorization", "Token any-key");
        return TestStreamSocket.connect(CLIENT, upgrade);
    }

    static URI listenUri(String query) {
        return URI.create("ws://localhost:" + APP.getLocalPort() + "/v1/listen" + (query.isEmpty() ? "" : "?" + query));
    }

    private static void sendSpeech(TestStreamSocket socket, byte[] audio, int chunk) throws Exception {
        for (int offset = 0; offset < audio.length; offset += chunk) {
            socket.sendBinary(Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + chunk)));
        }
    }

    @SuppressWarnings("unchecked")
    static int gauge(String name) {
        return ((Gauge<Integer>) APP.getEnvironment().metrics().getGauges().get(name)).getValue();
    }
}
