package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SoxConversion;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client audio format through {@code /v1/stream} to the real embedded engine: each speech
 * fixture converted by sox (the rate, encoding and channel count a client in that format would
 * send), converted back by Hark's converter in front of the engine, transcribed. The word error
 * rate per format is compared with the 16 kHz originals' and written to
 * {@code target/audio-formats.tsv}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AudioFormatsIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    /** How much worse than the 16 kHz originals a format may be, over all fixtures' words. */
    private static final double MAX_WER_INCREASE = 0.05;
    /**
     * G.711 at 8 kHz: PocketSphinx's wideband (16 kHz) model loses words to the codec's
     * quantization noise on top of the lost upper band. Measured 0.140 (mu-law) and 0.088
     * (A-law) against 0.018 for clean 8 kHz linear16 (docs/protocol.md); bounded here so a
     * regression in the converter still fails.
     */
    private static final double MAX_G711_WER_INCREASE = 0.20;
    private static double baselineWer;

    /** A client format: the query Hark gets and how sox produces that audio. */
    record Format(String encoding, int sampleRate, int channels) {

        String soxEncoding() {
            return switch (encoding) {
                case "mulaw" -> "mu-law";
                case "alaw" -> "a-law";
                default -> "signed";
            };
        }

        int bits() {
            return encoding.equals("linear16") ? 16 : 8;
        }

        double maxWerIncrease() {
            return encoding.equals("linear16") ? MAX_WER_INCREASE : MAX_G711_WER_INCREASE;
        }

        int bytesPer20ms() {
            return sampleRate / 50 * channels * bits() / 8;
        }

        @Override
        public String toString() {
            return encoding + " " + sampleRate + " Hz " + (channels == 1 ? "mono" : "stereo");
        }
    }

    static Stream<Format> formats() {
        return Stream.of(new Format("mulaw", 8_000, 1), new Format("alaw", 8_000, 1),
                new Format("linear16", 8_000, 1), new Format("linear16", 22_050, 1),
                new Format("linear16", 24_000, 1), new Format("linear16", 32_000, 1),
                new Format("linear16", 44_100, 1), new Format("linear16", 48_000, 1),
                new Format("linear16", 16_000, 2), new Format("linear16", 48_000, 2));
    }

    @BeforeAll
    static void measureTheOriginals() throws Exception {
        baselineWer = wer(new Format("linear16", 16_000, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void transcribesAsWellAsTheSixteenKilohertzOriginals(Format format) throws Exception {
        double wer = wer(format);

        assertThat(wer).as("WER of %s vs %.3f for the 16 kHz originals", format, baselineWer)
                .isLessThanOrEqualTo(baselineWer + format.maxWerIncrease());
    }

    /** Word error rate over all fixtures together (errors / reference words), reported per format. */
    private static double wer(Format format) throws Exception {
        int errors = 0;
        int words = 0;
        List<String> texts = new ArrayList<>();
        for (SpeechFixture fixture : SpeechFixture.all()) {
            byte[] audio = SoxConversion.raw(fixture.wavFile(), format.soxEncoding(), format.bits(),
                    format.sampleRate(), format.channels());
            String text = transcribe(audio, format);
            List<String> reference = WordErrorRate.words(fixture.text());
            errors += Math.round(WordErrorRate.of(fixture.text(), text) * reference.size());
            words += reference.size();
            texts.add(fixture.name() + "=" + text);
        }
        double wer = (double) errors / words;
        String line = "%s\tWER=%.1f%% (%d/%d)\t%s%n".formatted(format, wer * 100, errors, words,
                String.join(" | ", texts));
        System.out.print("[audio-formats] " + line);
        Path report = Path.of("target", "audio-formats.tsv");
        Files.createDirectories(report.getParent());
        Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return wer;
    }

    private static String transcribe(byte[] audio, Format format) throws Exception {
        String query = "encoding=" + format.encoding() + "&sample_rate=" + format.sampleRate() + "&channels="
                + format.channels() + "&interim_results=false";
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, query))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            int frame = format.bytesPer20ms();
            for (int offset = 0; offset < audio.length; offset += frame) {
                socket.sendBinary(Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + frame)));
            }
            socket.sendText("{\"type\":\"close_stream\"}");
            List<JsonNode> messages = socket.drainUntilClosed();
            for (JsonNode message : messages) {
                assertThat(message.path("type").asText()).as("%s", message).isIn("transcript", "session.closed");
            }
            return messages.stream().filter(m -> m.path("is_final").asBoolean())
                    .map(m -> m.path("text").asText()).collect(Collectors.joining(" "));
        }
    }

}
