package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recognizer's faults end to end over real sockets with the embedded engine. H23: the
 * recognizer stream dies mid-utterance, Hark reconnects and replays, and the client still gets
 * the whole text once. H18: audio sent while the recognizer is still opening is all transcribed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RecognizerRecoveryIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = new DropwizardAppExtension<>(
            StreamKillingHarkApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"));

    @Test
    void clientGetsTheCompleteTextOnce_whenTheRecognizerDiesMidUtterance_H23() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        byte[] pcm = fixture.pcm();
        List<JsonNode> finals = new ArrayList<>();
        StreamKillingHarkApplication.KILL_NEXT_STREAM.set(true);
        try (TestStreamSocket socket = TestStreamSocket.connect(HarkAppHarness.client(),
                HarkAppHarness.streamUri(APP, "interim_results=false"))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            for (int offset = 0; offset < pcm.length; offset += 640) {
                socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + 640)));
            }
            socket.sendText("{\"type\":\"close_stream\"}");
            for (JsonNode message = socket.next(); !message.path("type").asText().equals("session.closed");
                    message = socket.next()) {
                assertThat(message.path("type").asText()).as("%s", message).isEqualTo("transcript");
                finals.add(message);
            }
        }

        assertThat(StreamKillingHarkApplication.KILLS.get()).as("the fault fired").isEqualTo(1);
        Counter reconnects = APP.getEnvironment().metrics().counter("hark.provider.reconnects");
        assertThat(reconnects.getCount()).isEqualTo(1);
        String text = finals.stream().map(f -> f.path("text").asText()).collect(Collectors.joining(" "));
        assertThat(WordErrorRate.of(fixture.text(), text)).as(text).isLessThanOrEqualTo(0.15);
        assertThat(WordErrorRate.words(text)).as("nothing repeated: no more words than were spoken")
                .hasSizeLessThanOrEqualTo(WordErrorRate.words(fixture.text()).size());
        double previousEnd = 0;
        for (int i = 0; i < finals.size(); i++) {
            assertThat(finals.get(i).path("seq").asLong()).isEqualTo(i + 1);
            for (JsonNode word : finals.get(i).path("words")) {
                assertThat(word.path("start").asDouble()).isGreaterThanOrEqualTo(previousEnd - 0.001);
                previousEnd = word.path("end").asDouble();
            }
        }
        assertThat(previousEnd).isLessThanOrEqualTo(pcm.length / 2.0 / fixture.sampleRate() + 0.001);
    }

    @Test
    void audioSentWhileTheRecognizerIsStillOpeningIsTranscribed_H18() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("weather");
        byte[] pcm = fixture.pcm();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        StreamKillingHarkApplication.OPEN_GATE.set(gate);
        try (TestStreamSocket socket = TestStreamSocket.connect(HarkAppHarness.client(),
                HarkAppHarness.streamUri(APP, "interim_results=false"))) {
            for (int offset = 0; offset < pcm.length; offset += 640) { // all of it while the session is STARTING
                socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + 640)));
            }
            // the server reads one message at a time (H24): its answer to a bad frame sent last says
            // it has taken every frame before it, all while the recognizer was still opening
            socket.sendBinary(new byte[641]);
            assertThat(socket.next().path("code").asText()).isEqualTo("INVALID_AUDIO_FRAME");
            socket.sendText("{\"type\":\"close_stream\"}");
            gate.complete(null);

            assertThat(socket.next().path("type").asText()).as("ready before announced").isEqualTo("session.started");
            StringBuilder text = new StringBuilder();
            for (JsonNode message = socket.next(); !message.path("type").asText().equals("session.closed");
                    message = socket.next()) {
                assertThat(message.path("type").asText()).as("%s", message).isEqualTo("transcript");
                text.append(' ').append(message.path("text").asText());
            }
            assertThat(WordErrorRate.of(fixture.text(), text.toString().strip())).as("transcribed, not just accepted: "
                    + text).isLessThanOrEqualTo(0.2);
        } finally {
            StreamKillingHarkApplication.OPEN_GATE.set(CompletableFuture.completedFuture(null));
        }
    }
}
