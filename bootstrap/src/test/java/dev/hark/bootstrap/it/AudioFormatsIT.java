package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SoxConversion;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.ConfigOverride;
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
 * rate per format is compared with the 16 kHz originals' on the same fixtures and written to
 * {@code target/audio-formats.tsv}. The 8 kHz formats, which lose the upper band and where
 * the codec adds noise, are measured on every fixture; the higher rates, which carry the
 * originals' whole band, on one (the suite's time is bounded).
 *
 * <p>The 8 kHz formats are measured in steady state: a first session in that format (not
 * counted) primes the single decoder, because PocketSphinx carries its cepstral-mean estimate from one
 * stream into the next on a pooled decoder ({@code ps_start_stream} does not reset it), so the
 * first narrowband session after wideband ones (or the reverse) loses words that the format
 * itself does not cost. docs/performance.md has both numbers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AudioFormatsIT {

    /** One decoder, so every session of a format runs on the decoder its priming session adapted. */
    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("embedded.maxDecoders", "1"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    /** How much worse than the 16 kHz originals a format may be, over all fixtures' words. */
    private static final double MAX_WER_INCREASE = 0.05;
    /**
     * 8 kHz audio: PocketSphinx's wideband (16 kHz) model loses words to the missing upper band,
     * and with G.711 to the codec's noise. Measured in steady state (this test): 0.070 linear16,
     * 0.088 A-law, 0.070 mu-law; without priming, depending on what the decoder heard before,
     * 0.018-0.281 linear16, 0.088 A-law, 0.053-0.140 mu-law (docs/performance.md). Bounded here
     * so that a broken converter (wrong expansion, aliasing) still fails.
     */
    private static final double MAX_NARROWBAND_WER_INCREASE = 0.20;
    private static final java.util.Map<String, Integer> BASELINE_ERRORS = new java.util.HashMap<>();

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
            return isNarrowband() ? MAX_NARROWBAND_WER_INCREASE : MAX_WER_INCREASE;
        }

        boolean isNarrowband() {
            return sampleRate == 8_000;
        }

        List<SpeechFixture> fixtures() {
            return sampleRate == 8_000 ? SpeechFixture.all() : List.of(SpeechFixture.load("two_sentences"));
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
        return Stream.of(new Format("linear16", 22_050, 1), new Format("linear16", 24_000, 1),
                new Format("linear16", 32_000, 1), new Format("linear16", 44_100, 1),
                new Format("linear16", 48_000, 1), new Format("linear16", 16_000, 2),
                new Format("linear16", 48_000, 2), new Format("linear16", 8_000, 1),
                new Format("alaw", 8_000, 1), new Format("mulaw", 8_000, 1));
    }

    @BeforeAll
    static void measureTheOriginals() throws Exception {
        Format original = new Format("linear16", 16_000, 1);
        for (SpeechFixture fixture : SpeechFixture.all()) {
            BASELINE_ERRORS.put(fixture.name(), errors(fixture, original));
        }
        report(original, SpeechFixture.all(), BASELINE_ERRORS.values().stream().mapToInt(Integer::intValue).sum(), "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void transcribesAsWellAsTheSixteenKilohertzOriginals(Format format) throws Exception {
        if (format.isNarrowband()) {
            errors(SpeechFixture.load("weather"), format); // primes the decoder for this format
        }
        int errors = 0;
        int baseline = 0;
        List<String> texts = new ArrayList<>();
        for (SpeechFixture fixture : format.fixtures()) {
            errors += errors(fixture, format, texts);
            baseline += BASELINE_ERRORS.get(fixture.name());
        }
        int words = words(format.fixtures());
        double wer = report(format, format.fixtures(), errors, String.join(" | ", texts));
        double baselineWer = (double) baseline / words;

        assertThat(wer).as("WER of %s vs %.3f for the 16 kHz originals", format, baselineWer)
                .isLessThanOrEqualTo(baselineWer + format.maxWerIncrease());
    }

    private static int errors(SpeechFixture fixture, Format format) throws Exception {
        return errors(fixture, format, new ArrayList<>());
    }

    /** Word errors (substitutions, insertions, deletions) of one fixture streamed in {@code format}. */
    private static int errors(SpeechFixture fixture, Format format, List<String> texts) throws Exception {
        byte[] audio = SoxConversion.raw(fixture.wavFile(), format.soxEncoding(), format.bits(),
                format.sampleRate(), format.channels());
        String text = transcribe(audio, format);
        texts.add(fixture.name() + "=" + text);
        return (int) Math.round(WordErrorRate.of(fixture.text(), text) * WordErrorRate.words(fixture.text()).size());
    }

    private static int words(List<SpeechFixture> fixtures) {
        return fixtures.stream().mapToInt(fixture -> WordErrorRate.words(fixture.text()).size()).sum();
    }

    /** Word error rate over the fixtures together (errors / reference words), printed and appended to the report. */
    private static double report(Format format, List<SpeechFixture> fixtures, int errors, String texts)
            throws Exception {
        int words = words(fixtures);
        double wer = (double) errors / words;
        String line = "%s\tWER=%.1f%% (%d/%d)\t%s%n".formatted(format, wer * 100, errors, words, texts);
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
