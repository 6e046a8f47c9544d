package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.it.HarkAppHarness;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hark's demo page and browser client in a real Chromium (Debian's {@code /usr/bin/chromium},
 * driven by playwright-core through {@code clients/javascript/browser-check/demo-check.mjs}), against
 * the real application with the embedded engine. Chromium's fake microphone plays a speech fixture
 * (padded with a second of silence either side, so capture is running before the speech starts).
 * Each test is one browser run; they cost ~10 s each, so there are only the three that prove the
 * client's promises: the transcript matches the fixture (and the end-of-speech-to-final latency is
 * measured), a double connect opens one socket (H10), and a network cut mid-utterance resumes with
 * every final exactly once (H15).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserDemoIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserDemoIT.class);
    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();
    private static final SpeechFixture SPEECH = SpeechFixture.load("two_sentences");
    /** two_sentences.wav is two utterances, so the embedded engine gives two finals (testdata/speech/README.md). */
    private static final int UTTERANCES = 2;
    /** The embedded engine scores 0% on this file; the browser path (resampled twice) must stay close. */
    private static final double MAX_WER = 0.2;

    private static Path paddedWav;

    @BeforeAll
    static void prepare() throws IOException {
        ClientPackage.requireChromium();
        ClientPackage.installed(); // npm ci once, before the first browser run
        Path out = Files.createDirectories(Path.of("target", "browser").toAbsolutePath());
        paddedWav = out.resolve("two_sentences_padded.wav");
        writeWav(paddedWav, SPEECH.sampleRate(), padded(SPEECH.pcm(), SPEECH.sampleRate()));
    }

    @Test
    void microphoneSpeechIsTranscribedInThePage_withinTheWerBound() {
        JsonNode result = runPage("microphone", "--wav", paddedWav.toString(), "--finals", String.valueOf(UTTERANCES));

        List<JsonNode> finals = list(result.path("finals"));
        assertFinalsOncePerSeqInOrder(result, finals);
        String heard = String.join(" ", finals.stream().map(f -> f.path("text").asText()).toList());
        assertThat(WordErrorRate.of(SPEECH.text(), heard)).as("WER of '%s'", heard).isLessThanOrEqualTo(MAX_WER);
        assertThat(result.path("interims").asInt()).as("interims shown while speaking").isPositive();
        List<Long> latencies = finals.stream().map(f -> f.path("latencyMs").asLong()).toList();
        assertThat(finals).allMatch(f -> f.path("latencyMs").isNumber(), "every final has a latency");
        LOG.info("MEASURE browser end-of-speech-to-final latency (ms, capture of the final's last audio to its"
                + " arrival in the page): {}; Chromium {} launched in {} ms", latencies,
                result.path("chromium").asText(), result.path("launchMs").asLong());
    }

    @Test
    void connectCalledTwiceOpensOneSocketAndOneSession_H10() {
        long socketsBefore = gauge("hark.client.sockets.opened");

        JsonNode result = runPage("connect-twice");

        assertThat(list(result.path("sessionIds")).stream().map(JsonNode::asText).distinct().toList())
                .as("every connect() and startMicrophone() joined one session").hasSize(1);
        assertThat(result.path("state").asText()).isEqualTo("closed");
        assertThat(gauge("hark.client.sockets.opened") - socketsBefore).as("sockets the server accepted").isOne();
    }

    @Test
    void networkCutMidUtteranceResumesWithEveryFinalExactlyOnce_H15() throws IOException {
        long resumedBefore = counter("hark.sessions.resumed");
        Path screenshot = Path.of("target", "browser", "demo-page.png").toAbsolutePath();

        // the cut comes once the second utterance's first interim shows: mid-utterance, one final delivered
        JsonNode result = runPage("drop", "--wav", paddedWav.toString(), "--finals", String.valueOf(UTTERANCES),
                "--drop-at-seq", "2", "--screenshot", screenshot.toString());

        assertThat(result.path("cutConnections").asInt()).as("connections the proxy cut").isPositive();
        List<JsonNode> resumed = list(result.path("events")).stream()
                .filter(e -> "resumed".equals(e.path("type").asText())).toList();
        assertThat(resumed).as("the client resumed the session").isNotEmpty();
        assertThat(counter("hark.sessions.resumed") - resumedBefore).isEqualTo(resumed.size());
        List<JsonNode> finals = list(result.path("finals"));
        assertFinalsOncePerSeqInOrder(result, finals);
        String heard = String.join(" ", finals.stream().map(f -> f.path("text").asText()).toList());
        assertThat(WordErrorRate.of(SPEECH.text(), heard)).as("WER of '%s'", heard).isLessThanOrEqualTo(MAX_WER);
        assertThat(screenshot).isNotEmptyFile();
        LOG.info("MEASURE browser resume after a network cut: {}; finals {}", resumed.getFirst().path("value"),
                finals.stream().map(f -> f.path("seq").asInt() + ": " + f.path("text").asText()
                        + " (" + f.path("latencyMs").asLong() + " ms)").toList());
    }

    /** Finals numbered 1..n with no seq twice, and the page showing exactly those, in order. */
    private static void assertFinalsOncePerSeqInOrder(JsonNode result, List<JsonNode> finals) {
        assertThat(result.path("state").asText()).as("the session ended in order").isEqualTo("closed");
        assertThat(finals.stream().map(f -> f.path("seq").asInt()).toList()).as("final seqs")
                .isEqualTo(IntStream.rangeClosed(1, finals.size()).boxed().toList())
                .hasSizeGreaterThanOrEqualTo(UTTERANCES);
        List<String> shown = list(result.path("transcript")).stream()
                .map(t -> t.path("seq").asInt() + " " + t.path("text").asText()).toList();
        assertThat(shown).as("the page's #transcript").isEqualTo(
                finals.stream().map(f -> f.path("seq").asInt() + " " + f.path("text").asText()).toList());
    }

    private static JsonNode runPage(String scenario, String... options) {
        return ClientPackage.runScenario(APP.getLocalPort(), scenario, options);
    }

    private static List<JsonNode> list(JsonNode array) {
        return ClientPackage.list(array);
    }

    @SuppressWarnings("unchecked")
    private static long gauge(String name) {
        return ((Gauge<Number>) APP.getEnvironment().metrics().getGauges().get(name)).getValue().longValue();
    }

    private static long counter(String name) {
        return APP.getEnvironment().metrics().counter(name).getCount();
    }

    private static byte[] padded(byte[] pcm, int sampleRate) {
        byte[] out = new byte[pcm.length + 4 * sampleRate];
        System.arraycopy(pcm, 0, out, 2 * sampleRate, pcm.length);
        return out;
    }

    private static void writeWav(Path file, int sampleRate, byte[] pcm) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
        byte[] bytes = new byte[44 + pcm.length];
        System.arraycopy(header.array(), 0, bytes, 0, 44);
        System.arraycopy(pcm, 0, bytes, 44, pcm.length);
        Files.write(file, bytes);
    }
}
