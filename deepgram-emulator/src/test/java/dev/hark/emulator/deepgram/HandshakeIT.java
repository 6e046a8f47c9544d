package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshake rules over real sockets: credentials, query checks, and the headers and bodies of refusals. */
class HandshakeIT {

    private static final String KEY = "dg-test-key-0123456789";
    private static final String RAW_QUERY = "/v1/listen?model=nova-3&encoding=linear16&sample_rate=16000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedEngine engine;
    private static WebSocketClient client;
    private DeepgramEmulator emulator;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = new EmbeddedEngine();
        client = new WebSocketClient();
        client.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        client.stop();
        engine.close();
    }

    @BeforeEach
    void startEmulator() {
        emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(KEY), engine.recognizer());
    }

    @AfterEach
    void stopEmulator() {
        await().atMost(ListenTestClient.WAIT).until(() -> engine.recognizer().openStreams() == 0);
        emulator.close();
    }

    @Test
    void refuses401WithDgErrorRequestIdAndJsonBody_whenNoCredentials() throws Exception {
        RawHandshake answer = RawHandshake.send(emulator.port(), RAW_QUERY, Map.of());

        assertInvalidAuth(answer);
        assertThat(emulator.observations().last().handshakeStatus()).isEqualTo(401);
        assertThat(emulator.observations().last().ended()).isTrue();
        assertThat(engine.recognizer().streamsOpened()).as("no stream for a refused handshake").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization=Token wrong-key", "Authorization=Basic " + KEY,
            "Authorization=Token", "Sec-WebSocket-Protocol=token, wrong-key", "Sec-WebSocket-Protocol=bearer"})
    void refuses401_whenCredentialsAreWrong(String header) throws Exception {
        String[] nameValue = header.split("=", 2);

        RawHandshake answer = RawHandshake.send(emulator.port(), RAW_QUERY, Map.of(nameValue[0], nameValue[1]));

        assertInvalidAuth(answer);
    }

    static List<Arguments> acceptedCredentials() {
        Consumer<ClientUpgradeRequest> token = r -> r.setHeader("Authorization", "Token " + KEY);
        Consumer<ClientUpgradeRequest> lowercase = r -> r.setHeader("Authorization", "token " + KEY);
        Consumer<ClientUpgradeRequest> bearer = r -> r.setHeader("Authorization", "Bearer eyJhbGciOi.any.jwt");
        Consumer<ClientUpgradeRequest> tokenProtocol = r -> r.setSubProtocols("token", KEY);
        Consumer<ClientUpgradeRequest> bearerProtocol = r -> r.setSubProtocols("bearer", "eyJhbGciOi.any.jwt");
        Consumer<ClientUpgradeRequest> browserProtocols = r -> r.setSubProtocols("token", KEY,
                "x-deepgram-session-id", "3b1f0c9e-2f0a-4a55-9d7e-0a1b2c3d4e5f");
        return List.of(Arguments.of("Token header", token, ""), Arguments.of("token header", lowercase, ""),
                Arguments.of("Bearer header", bearer, ""), Arguments.of("token subprotocol", tokenProtocol, "token"),
                Arguments.of("bearer subprotocol", bearerProtocol, "bearer"),
                Arguments.of("browser subprotocols", browserProtocols, "token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCredentials")
    void acceptsEachWayDeepgramAuthenticates_echoingTheSubprotocol(String name, Consumer<ClientUpgradeRequest> auth,
                                                                   String expectedProtocol) throws Exception {
        ListenTestClient socket = ListenTestClient.connect(client, emulator.baseUri(),
                "model=nova-3&encoding=linear16&sample_rate=16000&unknown_option=whatever", auth);

        assertThat(socket.responseHeader("dg-request-id")).isEqualTo(emulator.observations().last().requestId());
        assertThat(socket.session().getUpgradeResponse().getAcceptedSubProtocol())
                .isEqualTo(expectedProtocol.isEmpty() ? null : expectedProtocol);
        socket.sendControl("CloseStream");
        List<JsonNode> events = socket.untilClosed();
        assertThat(events.getFirst().path("type").asText()).isEqualTo("Metadata");
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1000);
        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.handshakeStatus()).isEqualTo(101);
        assertThat(seen.subprotocol()).isEqualTo(expectedProtocol);
        assertThat(seen.toString()).doesNotContain(KEY);
    }

    @Test
    void answers101WithDgRequestIdAndTheSelectedSubprotocol_onTheWire() throws Exception {
        RawHandshake answer = RawHandshake.send(emulator.port(), RAW_QUERY,
                Map.of("Sec-WebSocket-Protocol", "token, " + KEY));

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.header("dg-request-id")).isEqualTo(emulator.observations().last().requestId());
        assertThat(answer.header("Sec-WebSocket-Protocol")).isEqualTo("token");
    }

    @Test
    @DisplayName("H28: no permessage-deflate is negotiated, though the client offers it")
    void negotiatesNoCompression_whenTheClientOffersPermessageDeflate_H28() throws Exception {
        ListenTestClient socket = ListenTestClient.connect(client, emulator.baseUri(), "model=nova-3", request -> {
            request.setHeader("Authorization", "Token " + KEY);
            request.addExtensions("permessage-deflate; client_max_window_bits");
        });

        assertThat(socket.responseHeader("Sec-WebSocket-Extensions")).as("Sec-WebSocket-Extensions").isNull();
        assertThat(socket.session().getUpgradeResponse().getExtensions()).isEmpty();
        socket.sendControl("CloseStream");
        assertThat(socket.untilClosed().getLast().path("code").asInt()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model=nova-3&encoding=linear16", "encoding=mulaw&sample_rate=8000",
            "encoding=linear16&sample_rate=16000&channels=2", "encoding=linear16&sample_rate=sixteen",
            "encoding=linear16&sample_rate=8000"})
    void refuses400InvalidQueryParameter_whenTheAudioCannotBeTranscribed(String query) throws Exception {
        RawHandshake answer = RawHandshake.send(emulator.port(), "/v1/listen?" + query,
                Map.of("Authorization", "Token " + KEY));

        assertThat(answer.status()).isEqualTo(400);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("err_code").asText()).isEqualTo("INVALID_QUERY_PARAMETER");
        assertThat(body.path("err_msg").asText()).startsWith("Failed to deserialize query parameters: ");
        assertThat(answer.header("dg-error")).isEqualTo(body.path("err_msg").asText());
        assertThat(body.path("request_id").asText()).isEqualTo(answer.header("dg-request-id"));
    }

    @Test
    void answers404_offTheListenPath() throws Exception {
        RawHandshake answer = RawHandshake.send(emulator.port(), "/v1/speak", Map.of("Authorization", "Token " + KEY));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(emulator.observations().connectionCount()).isZero();
    }

    private static void assertInvalidAuth(RawHandshake answer) throws Exception {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("dg-error")).isEqualTo("Invalid credentials.");
        String requestId = answer.header("dg-request-id");
        assertThat(requestId).matches("[0-9a-f-]{36}");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("err_code").asText()).isEqualTo("INVALID_AUTH");
        assertThat(body.path("err_msg").asText()).isEqualTo("Invalid credentials.");
        assertThat(body.path("request_id").asText()).isEqualTo(requestId);
        assertThat(body.size()).isEqualTo(3);
    }
}
