package dev.hark.emulator.deepgram;

import static dev.hark.emulator.deepgram.WireAssertions.assertMetadataShape;
import static dev.hark.emulator.deepgram.WireAssertions.assertResultsShape;
import static dev.hark.emulator.deepgram.WireAssertions.finals;
import static dev.hark.emulator.deepgram.WireAssertions.indexOfType;
import static dev.hark.emulator.deepgram.WireAssertions.ofType;
import static dev.hark.emulator.deepgram.WireAssertions.transcript;
import static dev.hark.emulator.deepgram.WireAssertions.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's transcription path end to end: a raw WebSocket client on 127.0.0.1, the real
 * embedded engine, the committed speech fixtures sent as unpaced 100 ms frames.
 */
class DeepgramEmulatorIT {

    private static final String RAW = "model=nova-3&encoding=linear16&sample_rate=16000";
    private static final Duration WAIT = ListenTestClient.WAIT;

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
        emulator = DeepgramEmulator.start(EmulatorSettings.defaults(), engine.recognizer());
    }

    @AfterEach
    void everyStreamEnded_thenStop() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(engine.recognizer().openStreams())
                .as("recognizer streams still open after the test's connections ended").isZero());
        emulator.close();
    }

    @Test
    void transcribesWeather_withEveryResultsFieldAndOneSpeechFinal_whenInterimsAreOff() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("weather"), 1_000));
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        List<JsonNode> results = ofType(events, "Results");
        results.forEach(WireAssertions::assertResultsShape);
        assertThat(results).allMatch(result -> result.path("is_final").asBoolean(), "only finals without interims");
        assertThat(words(results)).isEqualTo(SpeechFixtures.text("weather"));
        List<JsonNode> speechFinals = results.stream().filter(r -> r.path("speech_final").asBoolean()).toList();
        assertThat(speechFinals).hasSize(1);
        assertThat(transcript(speechFinals.getFirst())).isNotEmpty();
        assertThat(results.getLast()).isSameAs(speechFinals.getFirst());
        assertConsecutiveWindows(results);
        String requestId = socket.responseHeader("dg-request-id");
        assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(results).allMatch(r -> r.path("metadata").path("request_id").asText().equals(requestId));
        assertThat(results.getFirst().path("metadata").path("model_info").path("arch").asText()).isEqualTo("nova-3");
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1000);
    }

    @Test
    void sendsInterimsBeforeTheFinal_whenInterimResultsTrue() throws Exception {
        ListenTestClient socket = connect(RAW + "&interim_results=true");
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("weather"), 1_000));
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        List<JsonNode> results = ofType(events, "Results");
        results.forEach(WireAssertions::assertResultsShape);
        List<JsonNode> interims = results.stream().filter(r -> !r.path("is_final").asBoolean()).toList();
        assertThat(interims).isNotEmpty().allMatch(r -> !r.path("speech_final").asBoolean());
        assertThat(interims).anyMatch(r -> !transcript(r).isEmpty());
        assertThat(results.indexOf(interims.getFirst())).isLessThan(results.indexOf(finals(events).getFirst()));
        assertThat(words(finals(events))).isEqualTo(SpeechFixtures.text("weather"));
    }

    @Test
    void sendsEmptyInterimsDuringSilence_asProofOfLife() throws Exception {
        ListenTestClient socket = connect(RAW + "&interim_results=true");
        socket.sendAudio(SpeechFixtures.join(SpeechFixtures.silence(2_500), SpeechFixtures.pcm("weather")));
        socket.sendControl("CloseStream");

        List<JsonNode> results = ofType(socket.untilClosed(), "Results");

        JsonNode firstEmpty = results.getFirst();
        assertResultsShape(firstEmpty);
        assertThat(firstEmpty.path("is_final").asBoolean()).isFalse();
        assertThat(transcript(firstEmpty)).isEmpty();
        assertThat(firstEmpty.path("channel").path("alternatives").path(0).path("confidence").asDouble()).isZero();
        assertThat(firstEmpty.path("channel").path("alternatives").path(0).path("words")).isEmpty();
        assertThat(firstEmpty.path("start").asDouble()).isZero();
        assertThat(firstEmpty.path("duration").asDouble()).isBetween(1.0, 2.5);
        assertThat(words(finals(results))).isEqualTo(SpeechFixtures.text("weather"));
    }

    @Test
    void endsEachOfTwoSentencesWithASpeechFinalFinal() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("two_sentences"), 1_000));
        socket.sendControl("CloseStream");

        List<JsonNode> finals = finals(socket.untilClosed());

        List<JsonNode> speechFinals = finals.stream().filter(r -> r.path("speech_final").asBoolean()).toList();
        assertThat(speechFinals).hasSize(2);
        assertThat(words(finals)).isEqualTo(SpeechFixtures.text("two_sentences"));
        assertConsecutiveWindows(finals);
    }

    @Test
    void flushesWithAFromFinalizeFinal_whenFinalizeArrivesMidSpeech() throws Exception {
        byte[] office = SpeechFixtures.pcm("office");
        int half = 2 * SpeechFixtures.FRAME_BYTES * 11; // 2.2 s: mid-sentence
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(Arrays.copyOfRange(office, 0, half));
        socket.sendControl("Finalize");

        JsonNode flushed = socket.nextOfType("Results");

        assertResultsShape(flushed);
        assertThat(flushed.path("from_finalize").asBoolean()).isTrue();
        assertThat(flushed.path("is_final").asBoolean()).isTrue();
        assertThat(flushed.path("speech_final").asBoolean()).isFalse();
        assertThat(transcript(flushed)).isNotEmpty();
        assertThat(flushed.path("start").asDouble() + flushed.path("duration").asDouble()).isEqualTo(2.2, within(0.001));

        socket.sendAudio(Arrays.copyOfRange(office, half, office.length));
        socket.sendControl("CloseStream");
        List<JsonNode> rest = finals(socket.untilClosed());
        assertThat(rest).noneMatch(r -> r.path("from_finalize").asBoolean());
        assertThat(emulator.observations().last().finalizes()).isOne();
    }

    @Test
    void closeStreamSendsLastFinalsThenExactlyOneMetadataThenClose1000() throws Exception {
        byte[] weather = SpeechFixtures.pcm("weather");
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(weather);
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        int metadataAt = indexOfType(events, "Metadata");
        assertThat(ofType(events, "Metadata")).hasSize(1);
        assertThat(metadataAt).isEqualTo(events.size() - 2);
        assertThat(events.getLast().path("type").asText()).isEqualTo(ListenTestClient.CLOSE);
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1000);
        JsonNode lastFinal = events.get(metadataAt - 1);
        assertThat(lastFinal.path("type").asText()).isEqualTo("Results");
        assertThat(lastFinal.path("is_final").asBoolean()).isTrue();
        assertThat(words(finals(events))).isEqualTo(SpeechFixtures.text("weather"));

        JsonNode metadata = events.get(metadataAt);
        assertMetadataShape(metadata);
        assertThat(metadata.path("request_id").asText()).isEqualTo(socket.responseHeader("dg-request-id"));
        assertThat(metadata.path("duration").asDouble()).isEqualTo(weather.length / 32_000.0, within(0.001));
        assertThat(metadata.path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weather)));
        assertThat(Instant.parse(metadata.path("created").asText())).isBefore(Instant.now().plusSeconds(1));
        String modelUuid = lastFinal.path("metadata").path("model_uuid").asText();
        assertThat(metadata.path("models").toString()).isEqualTo("[\"" + modelUuid + "\"]");
        assertThat(metadata.path("model_info").path(modelUuid).path("name").asText()).isEqualTo("hark-emulator");
    }

    @Test
    void answersKeepAliveWithNothing() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendControl("KeepAlive");
        socket.sendControl("KeepAlive");
        socket.sendText("{\"type\":\"SomethingNew\"}");
        socket.sendControl("KeepAlive");
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        assertThat(events).hasSize(2);
        JsonNode metadata = events.getFirst();
        assertMetadataShape(metadata);
        assertThat(metadata.path("duration").asDouble()).isZero();
        assertThat(metadata.has("models")).as("no models without audio").isFalse();
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1000);
        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.keepAlives()).isEqualTo(3);
        assertThat(seen.otherTexts()).isOne();
        assertThat(seen.closeStreams()).isOne();
        assertThat(seen.closeCode()).isEqualTo(1000);
    }

    @Test
    void announcesEachUtteranceWithSpeechStarted_whenVadEventsTrue() throws Exception {
        ListenTestClient socket = connect(RAW + "&interim_results=true&vad_events=true");
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("two_sentences"), 1_000));
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        List<JsonNode> started = ofType(events, "SpeechStarted");
        List<JsonNode> wordFinals = finals(events).stream().filter(r -> !transcript(r).isEmpty()).toList();
        assertThat(started).hasSizeGreaterThanOrEqualTo(2).hasSameSizeAs(wordFinals);
        for (int i = 0; i < started.size(); i++) {
            JsonNode speechStarted = started.get(i);
            WireAssertions.assertNoNulls(speechStarted, "$");
            assertThat(speechStarted.path("channel").toString()).isEqualTo("[0,1]");
            JsonNode firstWord = wordFinals.get(i).path("channel").path("alternatives").path(0).path("words").path(0);
            // taken from the first interim's words, which the final may re-time slightly (as Deepgram's VAD
            // and recogniser also disagree, deepgram-protocol.md §3.3)
            assertThat(speechStarted.path("timestamp").asDouble()).isCloseTo(firstWord.path("start").asDouble(),
                    within(0.25));
            JsonNode firstWithWords = events.subList(events.indexOf(speechStarted) + 1, events.size()).stream()
                    .filter(e -> e.path("type").asText().equals("Results") && !transcript(e).isEmpty())
                    .findFirst().orElseThrow();
            assertThat(events.indexOf(firstWithWords)).isLessThanOrEqualTo(events.indexOf(wordFinals.get(i)));
        }
        assertThat(emulator.observations().last().sent()).isEqualTo(sentOnTheWire(events));
    }

    @Test
    void sendsUtteranceEndAfterASpeechFinalFinal_whenUtteranceEndMsIsSet() throws Exception {
        ListenTestClient socket = connect(RAW + "&interim_results=true&utterance_end_ms=1000");
        socket.sendAudio(SpeechFixtures.withTrailingSilence(SpeechFixtures.pcm("weather"), 2_000));
        socket.sendControl("CloseStream");

        List<JsonNode> events = socket.untilClosed();

        List<JsonNode> ends = ofType(events, "UtteranceEnd");
        assertThat(ends).hasSize(1);
        JsonNode utteranceEnd = ends.getFirst();
        WireAssertions.assertNoNulls(utteranceEnd, "$");
        assertThat(utteranceEnd.path("channel").toString()).isEqualTo("[0,1]");
        JsonNode speechFinal = finals(events).stream().filter(r -> r.path("speech_final").asBoolean())
                .findFirst().orElseThrow();
        assertThat(events.indexOf(utteranceEnd)).isGreaterThan(events.indexOf(speechFinal));
        JsonNode words = speechFinal.path("channel").path("alternatives").path(0).path("words");
        assertThat(utteranceEnd.path("last_word_end").asDouble()).isEqualTo(words.get(words.size() - 1).path("end").asDouble());
        assertThat(events.indexOf(utteranceEnd)).isLessThan(indexOfType(events, "Metadata"));
        assertThat(emulator.observations().last().sent()).as("the observation counts what went on the wire")
                .isEqualTo(sentOnTheWire(events));
    }

    private static ConnectionObservation.Sent sentOnTheWire(List<JsonNode> events) {
        List<JsonNode> results = ofType(events, "Results");
        List<JsonNode> finals = finals(events);
        return new ConnectionObservation.Sent(results.size() - finals.size(), finals.size(),
                (int) finals.stream().filter(r -> !transcript(r).isEmpty()).count(),
                (int) finals.stream().filter(r -> r.path("speech_final").asBoolean()).count(),
                (int) finals.stream().filter(r -> r.path("from_finalize").asBoolean()).count(),
                ofType(events, "SpeechStarted").size(), ofType(events, "UtteranceEnd").size(),
                ofType(events, "Metadata").size());
    }

    @Test
    void treatsAZeroLengthBinaryFrameAsCloseStream_andRecordsIt() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(SpeechFixtures.pcm("weather"));
        socket.sendBinary(new byte[0]);

        List<JsonNode> events = socket.untilClosed();

        assertThat(words(finals(events))).isEqualTo(SpeechFixtures.text("weather"));
        assertThat(ofType(events, "Metadata")).hasSize(1);
        assertThat(events.getLast().path("code").asInt()).isEqualTo(1000);
        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.emptyBinaryFrame()).isTrue();
        assertThat(seen.closeStreams()).isZero();
    }

    @Test
    void recordsTheQueryAsAMultimap_keepingRepeatedKeyterms() throws Exception {
        ListenTestClient socket = connect(RAW + "&keyterm=park&keyterm=weather&tag=first+try&extra=team%3Ademo",
                request -> request.setHeader("Authorization", "Token secret-key"));
        socket.sendControl("CloseStream");
        socket.untilClosed();

        ConnectionObservation seen = emulator.observations().last();
        assertThat(seen.queryValues("keyterm")).containsExactly("park", "weather");
        assertThat(seen.queryValues("tag")).containsExactly("first try");
        assertThat(seen.queryValues("extra")).containsExactly("team:demo");
        assertThat(seen.query().keySet()).startsWith("model", "encoding", "sample_rate", "keyterm");
        assertThat(seen.header("authorization")).isEqualTo("Token secret-key");
        assertThat(seen.toString()).doesNotContain("secret-key").contains("Token [redacted]");
        assertThat(emulator.observations().connectionCount()).isOne();
    }

    @Test
    void abortsTheRecognizerStream_whenTheClientDropsMidAudio() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(Arrays.copyOf(SpeechFixtures.pcm("office"), 10 * SpeechFixtures.FRAME_BYTES));
        await().atMost(WAIT).until(() -> engine.recognizer().openStreams() == 1);

        socket.disconnect();

        await().atMost(WAIT).until(() -> engine.recognizer().openStreams() == 0);
        await().atMost(WAIT).until(() -> emulator.observations().last().ended());
        assertThat(emulator.observations().last().closeCode()).as("the emulator sent no close").isZero();
    }

    @Test
    void closingTheEmulatorAbortsLiveStreamsAndStopsItsThreads() throws Exception {
        ListenTestClient socket = connect(RAW);
        socket.sendAudio(Arrays.copyOf(SpeechFixtures.pcm("office"), 10 * SpeechFixtures.FRAME_BYTES));
        await().atMost(WAIT).until(() -> engine.recognizer().openStreams() == 1);

        emulator.close();

        await().atMost(WAIT).until(() -> engine.recognizer().openStreams() == 0);
        await().atMost(WAIT).until(socket::isClosed);
        Thread joiner = Thread.ofVirtual().start(() -> {
            try {
                emulator.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(joiner.join(WAIT)).as("join() returns once the emulator is closed").isTrue();
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("deepgram-emulator")));
    }

    private ListenTestClient connect(String query) throws Exception {
        return ListenTestClient.connect(client, emulator.baseUri(), query);
    }

    private ListenTestClient connect(String query, Consumer<ClientUpgradeRequest> customize) throws Exception {
        return ListenTestClient.connect(client, emulator.baseUri(), query, customize);
    }

    /** Finals cover consecutive windows: each starts where the previous ended, and holds its words. */
    private static void assertConsecutiveWindows(List<JsonNode> results) {
        double expectedStart = 0;
        for (JsonNode result : results) {
            if (!result.path("is_final").asBoolean()) {
                continue;
            }
            double start = result.path("start").asDouble();
            double end = start + result.path("duration").asDouble();
            assertThat(start).as("window start of %s", result).isEqualTo(expectedStart, within(0.0015));
            for (JsonNode word : result.path("channel").path("alternatives").path(0).path("words")) {
                assertThat(word.path("start").asDouble()).isBetween(start - 0.0015, end + 0.0015);
                assertThat(word.path("end").asDouble()).isBetween(start - 0.0015, end + 0.0015);
            }
            expectedStart = end;
        }
    }
}
