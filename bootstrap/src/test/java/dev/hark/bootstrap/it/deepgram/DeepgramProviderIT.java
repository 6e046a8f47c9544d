package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.it.HarkAppHarness;
import dev.hark.bootstrap.it.TestStreamSocket;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.emulator.deepgram.ConnectionObservation;
import dev.hark.emulator.deepgram.ConnectionPlan;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hark with {@code provider: deepgram} end to end: a /v1/stream client, the real application,
 * the real Deepgram adapter, and the Deepgram emulator on loopback transcribing with the real
 * embedded engine. Faults are scripted at the emulator ({@link ConnectionPlan}) and what
 * crossed the upstream wire is read from its observations. One emulator and one engine serve
 * the whole class; after each test neither Hark nor the emulator may hold anything.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeepgramProviderIT {

    private static final String KEY = "provider-it-key-3d9a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = EmulatedDeepgram.WAIT;
    private static final int FRAME_BYTES = 640; // 20 ms, as a browser client sends
    private static final String CLOSE_STREAM = "{\"type\":\"close_stream\"}";

    /** Started before the app, which reads its URL when it starts. */
    private static final EmulatedDeepgram DEEPGRAM = EmulatedDeepgram.start(KEY);

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("provider", "deepgram"),
            ConfigOverride.config("deepgram.url", () -> DEEPGRAM.emulator().baseUri().toString()),
            ConfigOverride.config("deepgram.apiKey", KEY),
            // short enough that (d) ends quickly, long enough for any loopback handshake
            ConfigOverride.config("sessions.providerConnectTimeout", "2s"));

    @AfterAll
    static void stopEmulator() {
        DEEPGRAM.close();
    }

    @AfterEach
    void nothingIsLeftInHarkOrAtTheEmulator() {
        await("Hark's gauges back to zero").atMost(WAIT).untilAsserted(() -> {
            JsonNode gauges = JSON.readTree(HarkAppHarness.admin(APP, "/metrics").body()).path("gauges");
            assertThat(gauges.path("hark.sessions.active").path("value").asInt()).isZero();
            assertThat(gauges.path("hark.attachments.active").path("value").asInt()).isZero();
            assertThat(gauges.path("hark.provider.streams.active").path("value").asInt()).isZero();
        });
        DEEPGRAM.awaitQuiet();
    }

    // ---- (a) ---------------------------------------------------------------------------------

    /**
     * two_sentences, 1.5 s of silence, then coffee, all in 20 ms frames. Both sentences of
     * two_sentences are ended by endpointing (speech_final), and Deepgram follows the second with
     * a redundant UtteranceEnd, which Hark must not pass on. The client sends finalize right
     * after coffee, then 1.5 s of silence: coffee has no speech_final and is ended by
     * utterance_end alone.
     */
    @Test
    void streamsFixtures_givesTheirText_numberedFinals_andOneEndSignalPerUtterance() throws Exception {
        SpeechFixture sentences = SpeechFixture.load("two_sentences");
        SpeechFixture coffee = SpeechFixture.load("coffee");
        int first = DEEPGRAM.connections();
        List<JsonNode> messages;
        try (TestStreamSocket socket = connect("vad_events=true")) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            sendFrames(socket, join(join(sentences.pcm(), new byte[1_500 * 32]), coffee.pcm()));
            socket.sendText("{\"type\":\"finalize\"}");
            sendFrames(socket, new byte[1_500 * 32]);
            socket.sendText(CLOSE_STREAM);
            messages = untilSessionClosed(socket);
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }

        List<JsonNode> finals = finals(messages);
        assertThat(WordErrorRate.words(text(finals)))
                .isEqualTo(WordErrorRate.words(sentences.text() + " " + coffee.text()));
        double seconds = (sentences.pcm().length + coffee.pcm().length) / 32_000.0 + 3.0;
        assertNumberedAndMonotonic(finals, seconds);
        assertThat(finals.stream().filter(f -> f.path("speech_final").asBoolean()))
                .as("both sentences end with a speech_final final").hasSize(2);
        assertThat(messages).filteredOn(m -> !m.path("is_final").asBoolean(true))
                .as("interims never carry speech_final").allMatch(m -> !m.path("speech_final").asBoolean());
        assertThat(ofType(messages, "speech_started")).as("speech_started per utterance").hasSize(3);
        assertThat(messages.indexOf(ofType(messages, "speech_started").getFirst()))
                .as("speech_started comes before the transcripts of its speech")
                .isLessThan(messages.indexOf(ofType(messages, "transcript").getFirst()));
        assertThat(ofType(messages, "utterance_end")).as("the finalized utterance ends with utterance_end")
                .hasSize(1);
        assertEachUtteranceEndsExactlyOnce(messages, 3);
        ConnectionObservation upstream = DEEPGRAM.emulator().observations().connection(first);
        assertThat(DEEPGRAM.connections()).isEqualTo(first + 1);
        assertThat(upstream.header("Authorization")).isEqualTo("Token " + KEY);
        assertThat(upstream.queryValues("vad_events")).containsExactly("true");
        assertThat(upstream.queryValues("utterance_end_ms")).containsExactly("1000");
        assertThat(upstream.finalizes()).isOne();
        assertThat(upstream.sent().finalsWithWords()).as("one client final per upstream final").isEqualTo(finals.size());
        assertThat(upstream.sent().utteranceEnds()).as("Deepgram also ended a speech_final utterance with UtteranceEnd")
                .isGreaterThan(1);
    }

    // ---- (b) ---------------------------------------------------------------------------------

    @Test
    void aRejectedKey_endsTheSessionWithOneProviderRejected_andNeverReconnects() throws Exception {
        int first = DEEPGRAM.connections();
        DEEPGRAM.emulator().enqueue(ConnectionPlan.rejectWith(401));
        List<JsonNode> messages;
        TestStreamSocket.CloseStatus close;
        try (TestStreamSocket socket = connect("")) {
            close = socket.awaitClose();
            messages = socket.drainUntilClosed();
        }

        assertThat(close.code()).isEqualTo(1011);
        assertThat(messages).as("no session.started, exactly one error").hasSize(1);
        JsonNode error = messages.getFirst();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("PROVIDER_REJECTED");
        assertThat(error.toString()).doesNotContain(KEY);
        // several reconnect backoffs (200 ms doubling) pass: still the one refused handshake
        await().during(Duration.ofMillis(1_600)).atMost(Duration.ofSeconds(3))
                .until(() -> DEEPGRAM.connections() == first + 1);
        assertThat(DEEPGRAM.emulator().observations().connection(first).handshakeStatus()).isEqualTo(401);
    }

    // ---- (c) ---------------------------------------------------------------------------------

    @Test
    void twoConcurrencyRefusals_thenTheSessionStarts_andTranscribesEverything() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("weather");
        int first = DEEPGRAM.connections();
        DEEPGRAM.emulator().enqueue(ConnectionPlan.rejectWith(429));
        DEEPGRAM.emulator().enqueue(ConnectionPlan.rejectWith(429));
        List<JsonNode> messages;
        try (TestStreamSocket socket = connect("")) {
            sendFrames(socket, join(fixture.pcm(), new byte[1_000 * 32])); // before the session has started
            assertThat(socket.next().path("type").asText()).as("the first message").isEqualTo("session.started");
            socket.sendText(CLOSE_STREAM);
            messages = untilSessionClosed(socket);
        }

        assertThat(DEEPGRAM.connectionsFrom(first)).extracting(ConnectionObservation::handshakeStatus)
                .containsExactly(429, 429, 101);
        assertThat(ofType(messages, "error")).isEmpty();
        assertThat(WordErrorRate.words(text(finals(messages)))).isEqualTo(WordErrorRate.words(fixture.text()));
        assertThat(DEEPGRAM.emulator().observations().connection(first + 2).binaryBytes())
                .as("the audio buffered during the refusals, all of it, once").isEqualTo(fixture.pcm().length + 32_000L);
    }

    // ---- (d) ---------------------------------------------------------------------------------

    @Test
    void slowHandshakes_endEachWaitingClientWithProviderTimeout_andReleaseEverything() throws Exception {
        int clients = 3;
        int first = DEEPGRAM.connections();
        for (int i = 0; i < clients; i++) {
            DEEPGRAM.emulator().enqueue(ConnectionPlan.normal().withHandshakeDelay(Duration.ofSeconds(4)));
        }
        List<TestStreamSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                sockets.add(connect(""));
            }
            for (TestStreamSocket socket : sockets) {
                TestStreamSocket.CloseStatus close = socket.awaitClose();
                List<JsonNode> messages = socket.drainUntilClosed();
                assertThat(messages).as("one error, no session.started").hasSize(1);
                assertThat(messages.getFirst().path("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
                assertThat(messages.getFirst().path("retry_after_ms").asLong()).isPositive();
                assertThat(close.code()).isEqualTo(1013);
            }
        } finally {
            sockets.forEach(TestStreamSocket::close);
        }
        assertThat(DEEPGRAM.connections()).as("one attempt per session, no retry").isEqualTo(first + clients);
    }

    // ---- (e) ---------------------------------------------------------------------------------

    /**
     * The first sentence is sent and finalized by endpointing, then the upstream dies with
     * 1011 NET-0000 inside the second sentence (after 35 chunks of 100 ms, 3.5 s): Hark
     * reconnects and replays what no final covered.
     */
    @Test
    void aMidStreamNet0000_isRecoveredByOneReconnectWithReplay_andTheTextArrivesOnce() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        byte[] pcm = fixture.pcm();
        int firstPart = 150 * FRAME_BYTES; // 3.0 s: the first sentence and most of the pause
        int first = DEEPGRAM.connections();
        long reconnectsBefore = counter("hark.provider.reconnects").getCount();
        DEEPGRAM.emulator().enqueue(ConnectionPlan.net0000AfterFrames(35));
        List<JsonNode> messages = new ArrayList<>();
        try (TestStreamSocket socket = connect("interim_results=false")) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            sendFrames(socket, Arrays.copyOfRange(pcm, 0, firstPart));
            JsonNode firstFinal = socket.nextOfType("transcript");
            messages.add(firstFinal);
            sendFrames(socket, Arrays.copyOfRange(pcm, firstPart, pcm.length));
            sendFrames(socket, new byte[1_000 * 32]);
            socket.sendText(CLOSE_STREAM);
            messages.addAll(untilSessionClosed(socket));
        }

        assertThat(DEEPGRAM.connectionsFrom(first)).hasSize(2);
        ConnectionObservation broken = DEEPGRAM.emulator().observations().connection(first);
        assertThat(broken.closeCode()).isEqualTo(1011);
        assertThat(broken.closeReason()).startsWith("NET-0000");
        assertThat(counter("hark.provider.reconnects").getCount() - reconnectsBefore).isOne();
        assertThat(ofType(messages, "error")).isEmpty();
        List<JsonNode> finals = finals(messages);
        assertThat(WordErrorRate.words(text(finals))).as("the whole text, once, in order")
                .isEqualTo(WordErrorRate.words(fixture.text()));
        assertNumberedAndMonotonic(finals, pcm.length / 2.0 / 16_000 + 1.0);
        ConnectionObservation replacement = DEEPGRAM.emulator().observations().connection(first + 1);
        assertThat(replacement.binaryBytes()).as("the replay starts after the acknowledged first sentence")
                .isLessThan(pcm.length + 32_000L - firstPart / 2);
    }

    // ---- (f) ---------------------------------------------------------------------------------

    /**
     * 15 s of real time without audio between two fixtures, against the emulator's real 10 s
     * NET-0001 window: Hark's keepalives (every 5 s without audio) must keep the one upstream
     * connection open.
     */
    @Test
    void fifteenSecondsWithoutAudio_keepalivesHoldTheUpstreamOpen_andTheRestIsTranscribed() throws Exception {
        SpeechFixture weather = SpeechFixture.load("weather");
        SpeechFixture coffee = SpeechFixture.load("coffee");
        int first = DEEPGRAM.connections();
        long reconnectsBefore = counter("hark.provider.reconnects").getCount();
        List<JsonNode> messages = new ArrayList<>();
        try (TestStreamSocket socket = connect("interim_results=false")) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            sendFrames(socket, join(weather.pcm(), new byte[1_000 * 32]));
            JsonNode spoken = socket.nextOfType("transcript");
            messages.add(spoken);
            assertThat(spoken.path("speech_final").asBoolean()).isTrue();

            // the pause: nothing is sent; the one upstream connection must stay open throughout
            await("upstream stays open through 15 s without audio").pollDelay(Duration.ZERO)
                    .during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> DEEPGRAM.connections() == first + 1
                            && !DEEPGRAM.emulator().observations().connection(first).ended());

            sendFrames(socket, join(coffee.pcm(), new byte[1_000 * 32]));
            socket.sendText(CLOSE_STREAM);
            messages.addAll(untilSessionClosed(socket));
        }

        ConnectionObservation upstream = DEEPGRAM.emulator().observations().connection(first);
        assertThat(DEEPGRAM.connections()).as("no reconnect").isEqualTo(first + 1);
        assertThat(upstream.keepAlives()).as("KeepAlive frames during the pause").isGreaterThanOrEqualTo(2);
        assertThat(upstream.closeCode()).as("ended by CloseStream, not NET-0001").isEqualTo(1000);
        assertThat(counter("hark.provider.reconnects").getCount()).isEqualTo(reconnectsBefore);
        assertThat(WordErrorRate.words(text(finals(messages))))
                .isEqualTo(WordErrorRate.words(weather.text() + " " + coffee.text()));
    }

    // ---- (g) ---------------------------------------------------------------------------------

    @Test
    void undecodableAudio_endsTheSessionWithAudioNotDecodable_withoutReconnecting() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("weather");
        int first = DEEPGRAM.connections();
        long reconnectsBefore = counter("hark.provider.reconnects").getCount();
        DEEPGRAM.emulator().enqueue(ConnectionPlan.data0000AfterFrames(5));
        List<JsonNode> messages = new ArrayList<>();
        TestStreamSocket.CloseStatus close;
        try (TestStreamSocket socket = connect("")) {
            messages.add(socket.next());
            // 25 frames make the 5 recognizer chunks (100 ms each) after which the upstream refuses
            // the audio, and no more, each written before the next: a client still writing when
            // the server closes the connection gets a TCP reset that discards the error and close
            // it had not read yet (seen with 40 unawaited frames on a loaded machine: "Broken pipe")
            for (int frame = 0; frame < 25; frame++) {
                int offset = frame * FRAME_BYTES;
                socket.sendBinary(Arrays.copyOfRange(fixture.pcm(), offset, offset + FRAME_BYTES));
            }
            close = socket.awaitClose();
            messages.addAll(socket.drainUntilClosed());
        }

        assertThat(messages.getFirst().path("type").asText()).isEqualTo("session.started");
        assertThat(ofType(messages, "error")).as("one error (socket closed with %s)", close).singleElement()
                .satisfies(error -> assertThat(error.path("code").asText()).isEqualTo("AUDIO_NOT_DECODABLE"));
        assertThat(close.code()).isEqualTo(1003);
        await().during(Duration.ofMillis(1_600)).atMost(Duration.ofSeconds(3))
                .until(() -> DEEPGRAM.connections() == first + 1);
        ConnectionObservation upstream = DEEPGRAM.emulator().observations().connection(first);
        assertThat(upstream.closeCode()).isEqualTo(1008);
        assertThat(upstream.closeReason()).startsWith("DATA-0000");
        assertThat(counter("hark.provider.reconnects").getCount()).isEqualTo(reconnectsBefore);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static TestStreamSocket connect(String query) throws Exception {
        return TestStreamSocket.connect(HarkAppHarness.client(), HarkAppHarness.streamUri(APP,
                "encoding=linear16&sample_rate=16000" + (query.isEmpty() ? "" : "&" + query)));
    }

    /** Unpaced 20 ms frames, each write finished before the next. */
    private static void sendFrames(TestStreamSocket socket, byte[] pcm) throws Exception {
        for (int offset = 0; offset < pcm.length; offset += FRAME_BYTES) {
            socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + FRAME_BYTES)));
        }
    }

    /** Every message up to and including session.closed; fails on a timeout. */
    private static List<JsonNode> untilSessionClosed(TestStreamSocket socket) throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        JsonNode message;
        do {
            message = socket.next();
            messages.add(message);
            assertThat(message.path("type").asText()).as("%s", message).isNotEqualTo("error");
        } while (!message.path("type").asText().equals("session.closed"));
        return messages;
    }

    private static List<JsonNode> ofType(List<JsonNode> messages, String type) {
        return messages.stream().filter(m -> m.path("type").asText().equals(type)).toList();
    }

    private static List<JsonNode> finals(List<JsonNode> messages) {
        return ofType(messages, "transcript").stream().filter(m -> m.path("is_final").asBoolean()).toList();
    }

    private static String text(List<JsonNode> finals) {
        return finals.stream().map(f -> f.path("text").asText()).collect(Collectors.joining(" "));
    }

    private static Counter counter(String name) {
        return APP.getEnvironment().metrics().counter(name);
    }

    private static byte[] join(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    /** Finals numbered 1, 2, 3... and timed on the audio clock, never going back. */
    private static void assertNumberedAndMonotonic(List<JsonNode> finals, double audioSeconds) {
        double previousEnd = 0;
        for (int i = 0; i < finals.size(); i++) {
            JsonNode result = finals.get(i);
            assertThat(result.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(result.path("start").asDouble()).as("%s", result).isGreaterThanOrEqualTo(previousEnd - 0.001);
            assertThat(result.path("end").asDouble()).isLessThanOrEqualTo(audioSeconds + 0.001);
            double wordEnd = result.path("start").asDouble();
            for (JsonNode word : result.path("words")) {
                assertThat(word.path("start").asDouble()).as("%s", result).isGreaterThanOrEqualTo(wordEnd - 0.001);
                assertThat(word.path("end").asDouble()).isGreaterThanOrEqualTo(word.path("start").asDouble());
                wordEnd = word.path("end").asDouble();
            }
            previousEnd = result.path("end").asDouble();
        }
    }

    /**
     * An utterance opens with its first final and is ended exactly once: by a final with
     * speech_final or by one utterance_end, never both and never twice.
     */
    private static void assertEachUtteranceEndsExactlyOnce(List<JsonNode> messages, int utterances) {
        boolean open = false;
        int ends = 0;
        for (JsonNode message : messages) {
            String type = message.path("type").asText();
            if (type.equals("transcript") && message.path("is_final").asBoolean()) {
                open = !message.path("speech_final").asBoolean();
                ends += open ? 0 : 1;
            } else if (type.equals("utterance_end")) {
                assertThat(open).as("utterance_end for an utterance already ended: %s", messages).isTrue();
                open = false;
                ends++;
            }
        }
        assertThat(open).as("the last utterance was ended").isFalse();
        assertThat(ends).isEqualTo(utterances);
    }
}
