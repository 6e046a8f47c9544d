package dev.hark.emulator.deepgram;

import static dev.hark.emulator.deepgram.WireAssertions.assertMetadataShape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scripted faults ({@link ConnectionPlan}) and Deepgram's NET-0001 idle close, over real sockets. */
class FaultPlanIT {

    private static final String QUERY = "model=nova-3&encoding=linear16&sample_rate=16000";
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

    @AfterEach
    void everyStreamEnded_thenStop() {
        await().atMost(ListenTestClient.WAIT).untilAsserted(() -> assertThat(engine.recognizer().openStreams())
                .as("recognizer streams still open after the test's connections ended").isZero());
        emulator.close();
    }

    @Test
    void rejectsWithEachQueuedStatusInOrder_thenUsesTheDefaultPlan() throws Exception {
        start(EmulatorSettings.defaults());
        emulator.enqueue(ConnectionPlan.rejectWith(429));
        emulator.enqueue(ConnectionPlan.rejectWith(503));

        RawHandshake tooMany = RawHandshake.send(emulator.port(), "/v1/listen?" + QUERY, Map.of());
        RawHandshake unavailable = RawHandshake.send(emulator.port(), "/v1/listen?" + QUERY, Map.of());
        ListenTestClient accepted = connect();

        assertRefusal(tooMany, 429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later");
        assertRefusal(unavailable, 503, "SERVICE_UNAVAILABLE",
                "The service is temporarily unavailable. Please try again later.");
        accepted.sendControl("CloseStream");
        assertThat(accepted.untilClosed().getLast().path("code").asInt()).isEqualTo(1000);
        assertThat(emulator.observations().connections()).extracting(ConnectionObservation::handshakeStatus)
                .containsExactly(429, 503, 101);
    }

    @Test
    void delaysTheHandshake_withoutHoldingUpOtherConnections() throws Exception {
        start(EmulatorSettings.defaults());
        Duration delay = Duration.ofMillis(1_500);
        emulator.enqueue(ConnectionPlan.normal().withHandshakeDelay(delay));
        long started = System.nanoTime();
        CompletableFuture<ListenTestClient> delayedOpen = ListenTestClient.connectAsync(client, emulator.baseUri(),
                QUERY, request -> { });
        await().atMost(ListenTestClient.WAIT).until(() -> emulator.observations().connectionCount() == 1);

        ListenTestClient prompt = connect();

        assertThat(delayedOpen).as("the delayed handshake is still pending").isNotDone();
        assertThat(emulator.observations().connection(0).handshakeStatus()).isZero();
        ListenTestClient delayed = delayedOpen.get(ListenTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(waited).isGreaterThanOrEqualTo(delay);
        for (ListenTestClient socket : List.of(prompt, delayed)) {
            socket.sendControl("CloseStream");
            assertThat(socket.untilClosed().getLast().path("code").asInt()).isEqualTo(1000);
        }
    }

    @Test
    void delaysARefusalToo() throws Exception {
        start(EmulatorSettings.defaults());
        emulator.enqueue(ConnectionPlan.rejectWith(429).withHandshakeDelay(Duration.ofMillis(500)));
        long started = System.nanoTime();

        RawHandshake answer = RawHandshake.send(emulator.port(), "/v1/listen?" + QUERY, Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertRefusal(answer, 429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later");
    }

    @Test
    void closes1011Net0000_afterThePlannedNumberOfFrames() throws Exception {
        start(EmulatorSettings.defaults());
        emulator.enqueue(ConnectionPlan.net0000AfterFrames(5));
        ListenTestClient socket = connect();

        socket.sendAudio(Arrays.copyOf(SpeechFixtures.pcm("weather"), 5 * SpeechFixtures.FRAME_BYTES));

        JsonNode close = socket.untilClosed().getLast();
        assertThat(close.path("code").asInt()).isEqualTo(1011);
        assertThat(close.path("reason").asText()).isEqualTo(CloseReasons.NET_0000).startsWith("NET-0000 ");
        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.binaryFrames()).isEqualTo(5);
        assertThat(seen.closeCode()).isEqualTo(1011);
        assertThat(seen.closeReason()).isEqualTo(CloseReasons.NET_0000);
    }

    @Test
    void closes1008Data0000_afterThePlannedNumberOfFrames() throws Exception {
        start(EmulatorSettings.defaults());
        emulator.enqueue(ConnectionPlan.data0000AfterFrames(3));
        ListenTestClient socket = connect();

        socket.sendAudio(Arrays.copyOf(SpeechFixtures.pcm("weather"), 3 * SpeechFixtures.FRAME_BYTES));

        List<JsonNode> events = socket.untilClosed();
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1008);
        assertThat(events.getLast().path("reason").asText()).startsWith("DATA-0000 ");
        assertThat(WireAssertions.ofType(events, "Metadata")).as("a fault close carries no Metadata").isEmpty();
    }

    @Test
    void closesWithThePlannedCode_afterThePlannedTime() throws Exception {
        start(EmulatorSettings.defaults());
        emulator.enqueue(ConnectionPlan.normal().closingAfter(Duration.ofMillis(400), 1011, CloseReasons.NET_0000));
        long started = System.nanoTime();
        ListenTestClient socket = connect();

        JsonNode close = socket.untilClosed().getLast();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(close.path("code").asInt()).isEqualTo(1011);
        assertThat(close.path("reason").asText()).isEqualTo(CloseReasons.NET_0000);
    }

    @Test
    void stallSendsNothingAtAll_andStaysOpenWhileTheClientSends() throws Exception {
        start(EmulatorSettings.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        emulator.enqueue(ConnectionPlan.stalled());
        int streamsBefore = engine.recognizer().streamsOpened();
        ListenTestClient socket = connect();
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("weather"), 1_000));
        socket.sendControl("Finalize");

        ScheduledExecutorService keepAlives = Executors.newSingleThreadScheduledExecutor();
        try {
            keepAlives.scheduleAtFixedRate(() -> sendQuietly(socket), 0, 250, TimeUnit.MILLISECONDS);
            await().during(Duration.ofMillis(2_000)).atMost(Duration.ofSeconds(5)).until(() -> !socket.isClosed());
        } finally {
            keepAlives.shutdownNow();
            keepAlives.awaitTermination(5, TimeUnit.SECONDS);
        }
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();
        assertThat(events).as("nothing but the idle close: %s", events).hasSize(1);
        assertThat(events.getFirst().path("code").asInt()).isEqualTo(1011);
        assertThat(events.getFirst().path("reason").asText()).isEqualTo(CloseReasons.NET_0001);
        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.binaryFrames()).isEqualTo(43);
        assertThat(seen.finalizes()).isOne();
        assertThat(seen.closeStreams()).isOne();
        assertThat(seen.keepAlives()).isGreaterThanOrEqualTo(4);
        assertThat(engine.recognizer().streamsOpened()).as("a stalled connection opens no stream")
                .isEqualTo(streamsBefore);
    }

    @Test
    void sendsMetadataThenCloses1011Net0001_afterTheIdleTimeout() throws Exception {
        Duration idle = Duration.ofMillis(500);
        start(EmulatorSettings.defaults().withIdleTimeout(idle));
        ListenTestClient socket = connect();
        socket.sendBinary(new byte[SpeechFixtures.FRAME_BYTES]);
        long lastFrame = System.nanoTime();

        List<JsonNode> events = socket.untilClosed();

        assertThat(Duration.ofNanos(System.nanoTime() - lastFrame)).isGreaterThanOrEqualTo(idle);
        assertThat(events).hasSize(2);
        assertMetadataShape(events.getFirst());
        assertThat(events.getFirst().path("duration").asDouble()).isEqualTo(0.1);
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1011);
        assertThat(events.getLast().path("reason").asText()).isEqualTo(
                "NET-0001 Deepgram did not receive audio data or a text message within the timeout window."
                        + " See https://dpgr.am/net0001");
        assertThat(emulator.observations().last().closeCode()).isEqualTo(1011);
    }

    @Test
    void keepAliveResetsTheIdleTimer() throws Exception {
        start(EmulatorSettings.defaults().withIdleTimeout(Duration.ofMillis(600)));
        ListenTestClient socket = connect();
        ScheduledExecutorService keepAlives = Executors.newSingleThreadScheduledExecutor();
        try {
            keepAlives.scheduleAtFixedRate(() -> sendQuietly(socket), 0, 200, TimeUnit.MILLISECONDS);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> !socket.isClosed());
        } finally {
            keepAlives.shutdownNow();
            keepAlives.awaitTermination(5, TimeUnit.SECONDS);
        }

        List<JsonNode> events = socket.untilClosed();

        assertThat(events.getLast().path("reason").asText()).startsWith("NET-0001 ");
        assertThat(emulator.observations().last().keepAlives()).isGreaterThanOrEqualTo(6);
    }

    private void start(EmulatorSettings settings) {
        emulator = DeepgramEmulator.start(settings, engine.recognizer());
    }

    private ListenTestClient connect() throws Exception {
        return ListenTestClient.connect(client, emulator.baseUri(), QUERY);
    }

    private static void sendQuietly(ListenTestClient socket) {
        try {
            socket.sendControl("KeepAlive");
        } catch (Exception e) {
            // the socket closed under us; the assertions report it
        }
    }

    private static void assertRefusal(RawHandshake answer, int status, String errCode, String errMsg)
            throws Exception {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("dg-error")).isEqualTo(errMsg);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("err_code").asText()).isEqualTo(errCode);
        assertThat(body.path("err_msg").asText()).isEqualTo(errMsg);
        assertThat(body.path("request_id").asText()).isEqualTo(answer.header("dg-request-id")).isNotEmpty();
    }
}
