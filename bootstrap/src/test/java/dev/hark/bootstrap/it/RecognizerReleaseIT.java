package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * H27 with the real embedded engine (two decoders) and the default 30 s grace period: clients
 * that drop without {@code close_stream} must not hold a decoder while they are away, or a
 * handful of them lock everyone else out with {@code CAPACITY_EXHAUSTED}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RecognizerReleaseIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("sessions.gracePeriod", "30s"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    /** A session whose client dropped halfway through its fixture. */
    private record Dropped(SpeechFixture fixture, String sessionId, String resumeToken) {
    }

    @Test
    void moreDroppedClientsThanDecodersBlockNobody_andEachResumesWithEveryFinalOnce_H27() throws Exception {
        List<Dropped> dropped = new ArrayList<>();
        for (String name : List.of("two_sentences", "office", "coffee")) { // three clients, two decoders
            SpeechFixture fixture = SpeechFixture.load(name);
            TestStreamSocket socket = openOnceADecoderIsBack();
            JsonNode started = socket.lastStarted();
            sendFrames(socket, fixture.pcm(), 0, fixture.pcm().length / 2 / 640 * 640);
            socket.abort(); // mid-utterance, without close_stream, having read nothing
            dropped.add(new Dropped(fixture, started.path("session_id").asText(), started.path("resume_token").asText()));
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge("hark.provider.streams.active") == 0);
        }
        assertThat(gauge("hark.sessions.active")).as("all three wait for a resume").isEqualTo(3);

        SpeechFixture weather = SpeechFixture.load("weather");
        try (TestStreamSocket newcomer = openOnceADecoderIsBack()) {
            sendFrames(newcomer, weather.pcm(), 0, weather.pcm().length);
            newcomer.sendText("{\"type\":\"close_stream\"}");
            String heard = text(finalsUntilClosed(newcomer));
            // it transcribes. The decoder comes straight from a stream aborted mid-utterance in another
            // voice and keeps that stream's cepstral mean (docs/performance.md), so this short utterance
            // can lose a few words: 4 of 12 were seen ("...going to a bargain", "...going to hurt them").
            // The subject here is capacity (H27); accuracy is bounded by the resumed sessions below.
            assertThat(WordErrorRate.of(weather.text(), heard)).as(heard).isLessThanOrEqualTo(0.4);
        }

        for (Dropped session : dropped) {
            try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP,
                    "session_id=" + session.sessionId() + "&resume_token="
                            + URLEncoder.encode(session.resumeToken(), StandardCharsets.UTF_8) + "&last_seq=0"))) {
                JsonNode resumed = socket.next();
                assertThat(resumed.path("type").asText()).isEqualTo("session.resumed");
                byte[] pcm = session.fixture().pcm();
                sendFrames(socket, pcm, (int) resumed.path("audio_end_samples").asLong() * 2, pcm.length);
                socket.sendText("{\"type\":\"close_stream\"}");
                List<JsonNode> finals = finalsUntilClosed(socket);

                assertThat(finals).extracting(f -> f.path("seq").asLong()).as(session.fixture().name())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, finals.size()).boxed().toList());
                assertThat(WordErrorRate.of(session.fixture().text(), text(finals))).as(text(finals))
                        .isLessThanOrEqualTo(0.2);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("hark.sessions.active") == 0
                && gauge("hark.provider.streams.active") == 0);
    }

    /**
     * A new session, retried on {@code CAPACITY_EXHAUSTED} (sooner than its hint, to keep the
     * suite quick): the session lets its
     * recognizer go at once, but the embedded engine takes a moment to reset the decoder (it ends
     * the open utterance) before the pool can lend it again. Held for the grace period, as before
     * H27, it would not come back within the bound.
     */
    private static TestStreamSocket openOnceADecoderIsBack() {
        AtomicReference<TestStreamSocket> opened = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    TestStreamSocket socket = TestStreamSocket.connect(CLIENT,
                            HarkAppHarness.streamUri(APP, "interim_results=false"));
                    JsonNode first = socket.next();
                    if (first.path("type").asText().equals("session.started")) {
                        socket.rememberStarted(first);
                        opened.set(socket);
                        return true;
                    }
                    assertThat(first.path("code").asText()).isEqualTo("CAPACITY_EXHAUSTED");
                    socket.awaitClose();
                    return false;
                });
        return opened.get();
    }

    private static List<JsonNode> finalsUntilClosed(TestStreamSocket socket) throws Exception {
        List<JsonNode> finals = new ArrayList<>();
        for (JsonNode message = socket.next(); !message.path("type").asText().equals("session.closed");
                message = socket.next()) {
            assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("transcript");
            finals.add(message);
        }
        assertThat(socket.awaitClose().code()).isEqualTo(1000);
        return finals;
    }

    private static String text(List<JsonNode> finals) {
        return String.join(" ", finals.stream().map(f -> f.path("text").asText()).toList());
    }

    private static void sendFrames(TestStreamSocket socket, byte[] pcm, int from, int to) throws Exception {
        for (int offset = from; offset < to; offset += 640) {
            socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(offset + 640, to)));
        }
    }

    private static int gauge(String name) {
        return StreamProtocolIT.gaugeOf(APP, name);
    }
}
