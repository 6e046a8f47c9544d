package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Live transcription end to end: the real application and the real embedded engine, speech
 * fixtures streamed over /v1/stream in 20 ms frames. Accuracy is asserted against the spoken
 * text and against the engine's own CLI decoding the same file (streaming must not cost
 * accuracy). The latency from the end of the audio to the last final is measured and
 * reported, never asserted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveTranscriptionIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final int FRAME_BYTES = 640;
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** What one streaming run produced. */
    record Run(List<JsonNode> finals, List<JsonNode> interims, long millisFromLastAudioToLastFinal) {

        String text() {
            return finals.stream().map(f -> f.path("text").asText()).collect(Collectors.joining(" "));
        }
    }

    static Stream<SpeechFixture> fixtures() {
        return SpeechFixture.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void transcribesSpeechAccurately_atRealTimePace(SpeechFixture fixture) throws Exception {
        Run run = stream(fixture, true);

        double wer = WordErrorRate.of(fixture.text(), run.text());
        report(fixture, wer, run);
        assertThat(wer).as("WER of '%s' vs '%s'", run.text(), fixture.text()).isLessThanOrEqualTo(0.15);
        assertFinalsAreNumberedAndTimedOnTheAudioClock(run.finals(), fixture);
        assertThat(run.interims()).as("interim results while speaking").isNotEmpty();
        assertThat(run.interims()).allSatisfy(interim -> assertThat(interim.path("seq").asLong())
                .isBetween(1L, (long) run.finals().size()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamingGivesTheSameWordsAsTheEngineDecodingTheWholeFile(SpeechFixture fixture) throws Exception {
        Run run = stream(fixture, false);
        String direct = decodeWithPocketsphinxCli(fixture.wavFile());

        assertThat(WordErrorRate.words(run.text())).isEqualTo(WordErrorRate.words(direct));
        assertThat(run.interims()).isEmpty();
    }

    private static Run stream(SpeechFixture fixture, boolean realTime) throws Exception {
        String query = "encoding=linear16&sample_rate=" + fixture.sampleRate() + "&interim_results=" + realTime;
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, query))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            byte[] pcm = fixture.pcm();
            long start = System.nanoTime();
            for (int offset = 0, frame = 0; offset < pcm.length; offset += FRAME_BYTES, frame++) {
                if (realTime) {
                    LockSupport.parkNanos(start + frame * FRAME_NANOS - System.nanoTime());
                }
                socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + FRAME_BYTES)));
            }
            long lastAudioSent = System.nanoTime();
            socket.sendText("{\"type\":\"close_stream\"}");

            List<JsonNode> finals = new ArrayList<>();
            List<JsonNode> interims = new ArrayList<>();
            long lastFinalAt = lastAudioSent;
            while (true) {
                JsonNode message = socket.next();
                String type = message.path("type").asText();
                if (type.equals("session.closed")) {
                    break;
                }
                assertThat(type).as("unexpected message %s", message).isEqualTo("transcript");
                if (message.path("is_final").asBoolean()) {
                    finals.add(message);
                    lastFinalAt = System.nanoTime();
                } else {
                    interims.add(message);
                }
            }
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
            return new Run(finals, interims, TimeUnit.NANOSECONDS.toMillis(Math.max(0, lastFinalAt - lastAudioSent)));
        }
    }

    private static void assertFinalsAreNumberedAndTimedOnTheAudioClock(List<JsonNode> finals, SpeechFixture fixture) {
        double duration = fixture.pcm().length / 2.0 / fixture.sampleRate();
        double previousEnd = 0;
        for (int i = 0; i < finals.size(); i++) {
            JsonNode transcript = finals.get(i);
            assertThat(transcript.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(transcript.path("start").asDouble()).isGreaterThanOrEqualTo(previousEnd - 0.001);
            assertThat(transcript.path("end").asDouble()).isLessThanOrEqualTo(duration + 0.001);
            for (JsonNode word : transcript.path("words")) {
                assertThat(word.path("start").asDouble()).isGreaterThanOrEqualTo(previousEnd - 0.001);
                assertThat(word.path("end").asDouble()).isGreaterThanOrEqualTo(word.path("start").asDouble());
                assertThat(word.path("confidence").asDouble()).isBetween(0.0, 1.0);
                previousEnd = word.path("end").asDouble();
            }
        }
    }

    private static String decodeWithPocketsphinxCli(Path wav) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pocketsphinx_continuous", "-infile", wav.toString(), "-logfn", "/dev/null")
                .redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("pocketsphinx_continuous finished").isTrue();
        assertThat(process.exitValue()).as("pocketsphinx_continuous exit code").isZero();
        return output.lines().map(String::trim).filter(line -> !line.isEmpty()).collect(Collectors.joining(" "));
    }

    private static void report(SpeechFixture fixture, double wer, Run run) throws IOException {
        String line = "%s\tWER=%.1f%%\tfinals=%d\tinterims=%d\tend-of-audio-to-last-final=%d ms\ttext=%s%n".formatted(
                fixture.name(), wer * 100, run.finals().size(), run.interims().size(),
                run.millisFromLastAudioToLastFinal(), run.text());
        System.out.print("[live-transcription] " + line);
        Path report = Path.of("target", "live-transcription.tsv");
        Files.createDirectories(report.getParent());
        Files.writeString(report, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
