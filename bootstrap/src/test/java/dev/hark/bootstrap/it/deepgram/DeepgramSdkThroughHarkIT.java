package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.it.HarkAppHarness;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.emulator.deepgram.ConnectionObservation;
import dev.hark.emulator.deepgram.ConnectionPlan;
import dev.hark.emulator.deepgram.NodeProject;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An app written for Deepgram, switched to Hark by its base URL alone: the official JS SDK, v5
 * ({@code baseUrl}) and v4 ({@code global.websocket.options.url}, on the {@code ws} package),
 * pinned in bootstrap/src/test/js/package-lock.json and run on the Node 22 it pins, against Hark's {@code /v1/listen} with
 * the embedded engine, and with Hark in front of the Deepgram emulator, which drops the upstream
 * connection mid-stream (NET-0000): the SDK must not notice beyond latency, and every final
 * arrives once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeepgramSdkThroughHarkIT {

    private static final String KEY = "sdk-through-hark-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(90);
    private static final SpeechFixture FIXTURE = SpeechFixture.load("two_sentences");

    /** Started before the apps, which read its URL when they start. */
    private static final EmulatedDeepgram DEEPGRAM = EmulatedDeepgram.start(KEY);

    static final DropwizardAppExtension<HarkConfiguration> EMBEDDED = HarkAppHarness.app();

    static final DropwizardAppExtension<HarkConfiguration> IN_FRONT_OF_DEEPGRAM = HarkAppHarness.app(
            ConfigOverride.config("provider", "deepgram"),
            ConfigOverride.config("deepgram.url", () -> DEEPGRAM.emulator().baseUri().toString()),
            ConfigOverride.config("deepgram.apiKey", KEY));

    private static NodeProject node;

    @BeforeAll
    static void installTheSdks() {
        node = NodeProject.install("bootstrap", "listen-check.mjs", "listen-sdk-check");
    }

    @AfterAll
    static void stopEmulator() {
        DEEPGRAM.close();
    }

    @ParameterizedTest(name = "@deepgram/sdk {0}")
    @ValueSource(strings = {"v5", "v4"})
    void transcribesThroughTheEmbeddedEngine_byChangingOnlyTheBaseUrl(String sdk) throws Exception {
        List<JsonNode> messages = stream(sdk, EMBEDDED);

        assertThat(WordErrorRate.of(FIXTURE.text(), text(messages))).isLessThanOrEqualTo(0.15);
        assertThat(ofType(messages, "SpeechStarted")).isNotEmpty();
        assertThat(ofType(messages, "UtteranceEnd")).isNotEmpty();
        assertThat(finals(messages)).as("the Finalize's flush").anyMatch(r -> r.path("from_finalize").asBoolean());
    }

    @ParameterizedTest(name = "@deepgram/sdk {0}")
    @ValueSource(strings = {"v5", "v4"})
    void hidesADeepgramDropMidStream_everyFinalArrivesOnce(String sdk) throws Exception {
        int first = DEEPGRAM.connections();
        // the emulator closes the first upstream connection with 1011 NET-0000 after 3 s of audio
        DEEPGRAM.emulator().enqueue(ConnectionPlan.net0000AfterFrames(30));

        List<JsonNode> messages = stream(sdk, IN_FRONT_OF_DEEPGRAM);

        List<ConnectionObservation> upstream = DEEPGRAM.connectionsFrom(first);
        assertThat(upstream).as("Hark reconnected upstream").hasSizeGreaterThanOrEqualTo(2);
        assertThat(upstream.getFirst().closeCode()).isEqualTo(1011);
        assertThat(upstream.getFirst().header("Authorization")).as("the operator's key upstream")
                .isEqualTo("Token " + KEY);
        assertThat(upstream.getFirst().queryValues("utterance_end_ms")).as("the client's options upstream")
                .containsExactly("1000");
        if (sdk.equals("v5")) {
            assertThat(upstream.getFirst().queryValues("keyterm")).containsExactly("park", "weather");
        }
        assertThat(WordErrorRate.words(text(messages))).as("the whole text, each final once, in order")
                .isEqualTo(WordErrorRate.words(FIXTURE.text()));
        // from_finalize is not asserted here: Deepgram does not promise it, and the emulator matches
        // a Finalize to its engine's output by position, which a replay can shift
        DEEPGRAM.awaitQuiet();
    }

    /** Runs the SDK script; asserts the clean end every run must have and returns what the SDK saw. */
    private static List<JsonNode> stream(String sdk, DropwizardAppExtension<HarkConfiguration> app) throws Exception {
        NodeProject.Run run = node.node(SCRIPT_LIMIT, "listen-check.mjs", sdk, "http://127.0.0.1:" + app.getLocalPort(),
                "any-key", FIXTURE.wavFile().toString(), "60000");
        assertThat(run.exitCode()).as("listen-check.mjs %s exit code; stderr:%n%s", sdk, run.stderrTail()).isZero();
        JsonNode summary = JSON.readTree(run.lastStdoutLine());
        assertThat(summary.path("opened").asBoolean()).isTrue();
        assertThat(summary.path("transport").asText()).isEqualTo(sdk.equals("v4") ? "v4-ws" : "v5");
        assertThat(summary.path("errors")).as("SDK errors").isEmpty();
        assertThat(summary.path("closeCode").asInt()).isEqualTo(1000);
        List<JsonNode> messages = StreamSupport.stream(summary.path("messages").spliterator(), false).toList();
        for (JsonNode results : ofType(messages, "Results")) {
            for (String field : List.of("channel_index", "duration", "start", "is_final", "speech_final",
                    "from_finalize", "channel", "metadata")) {
                assertThat(results.hasNonNull(field)).as("Results.%s", field).isTrue();
            }
            assertThat(results.toString()).doesNotContain(":null");
        }
        assertThat(ofType(messages, "Metadata")).hasSize(1);
        assertThat(messages.getLast().path("type").asText()).isEqualTo("Metadata");
        return messages;
    }

    private static List<JsonNode> ofType(List<JsonNode> messages, String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    private static List<JsonNode> finals(List<JsonNode> messages) {
        return ofType(messages, "Results").stream().filter(m -> m.path("is_final").asBoolean()).toList();
    }

    private static String text(List<JsonNode> messages) {
        return finals(messages).stream()
                .map(m -> m.path("channel").path("alternatives").path(0).path("transcript").asText())
                .filter(text -> !text.isBlank()).collect(Collectors.joining(" "));
    }
}
