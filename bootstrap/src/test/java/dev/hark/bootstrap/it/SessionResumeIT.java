package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
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
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resume and one-owner-per-session over real sockets, policy {@code reject}, with the real
 * embedded engine. A short grace period lets the leak checks see sessions end.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionResumeIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("sessions.gracePeriod", "2s"),
            ConfigOverride.config("sessions.reconnectCooldown", "20ms"),
            ConfigOverride.config("sessions.attachBurstPerAddress", "1000"),
            ConfigOverride.config("sessions.attachRatePerAddress", "1000"));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @AfterEach
    void everythingIsReleased() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(gauge("hark.sessions.active")).isZero();
            assertThat(gauge("hark.attachments.active")).isZero();
            assertThat(gauge("hark.provider.streams.active")).isZero();
            assertThat(gauge("hark.scheduler.tasks.pending")).isZero();
            assertThat(gauge("hark.client.sockets.open")).isZero();
        });
    }

    @Test
    void dropAndResumeMidUtteranceDeliversEveryFinalOnceInOrder_H15() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        byte[] pcm = fixture.pcm();
        List<JsonNode> finals = new ArrayList<>();

        TestStreamSocket first = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, "interim_results=false"));
        JsonNode started = first.next();
        String sessionId = started.path("session_id").asText();
        int half = pcm.length / 2 / 640 * 640;
        sendFrames(first, pcm, 0, half);
        first.sendText("{\"type\":\"finalize\"}");
        finals.add(first.nextOfType("transcript"));
        sendFrames(first, pcm, half, half + 32_000);
        first.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("hark.attachments.active") == 0);

        TestStreamSocket second = resume(sessionId, started.path("resume_token").asText(), lastSeq(finals));
        JsonNode resumed = second.next();
        assertThat(resumed.path("type").asText()).isEqualTo("session.resumed");
        assertThat(resumed.path("generation").asLong()).isEqualTo(2);
        long audioEnd = resumed.path("audio_end_samples").asLong();
        assertThat(audioEnd).isBetween((long) half / 2, (half + 32_000L) / 2);
        assertThat(resumed.path("audio_end").asDouble()).isEqualTo(audioEnd / 16000.0);
        sendFrames(second, pcm, (int) audioEnd * 2, pcm.length);
        second.sendText("{\"type\":\"close_stream\"}");
        for (JsonNode message = second.next(); !message.path("type").asText().equals("session.closed");
                message = second.next()) {
            assertThat(message.path("type").asText()).isEqualTo("transcript");
            finals.add(message);
        }
        assertThat(second.awaitClose().code()).isEqualTo(1000);

        assertThat(finals).extracting(f -> f.path("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, finals.size()).boxed().toList());
        String text = finals.stream().map(f -> f.path("text").asText()).collect(Collectors.joining(" "));
        assertThat(WordErrorRate.of(fixture.text(), text)).as(text).isLessThanOrEqualTo(0.15);
        assertTimesAreMonotonic(finals);
    }

    @Test
    void secondClientIsRejectedWithRetryHint_andTheFirstKeepsWorking_H11() throws Exception {
        try (TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            JsonNode started = owner.next();
            try (TestStreamSocket intruder = resume(started.path("session_id").asText(),
                    started.path("resume_token").asText(), 0)) {
                JsonNode error = intruder.next();
                assertThat(error.path("code").asText()).isEqualTo("SESSION_BUSY");
                assertThat(error.path("retry_after_ms").asLong()).isPositive();
                assertThat(intruder.awaitClose().code()).isEqualTo(1013);
            }
            owner.sendBinary(new byte[640]);
            owner.sendText("{\"type\":\"close_stream\"}");
            assertThat(owner.nextOfType("session.closed")).isNotNull();
        }
    }

    @Test
    void newcomerNeverSharesTheSession_whileTheOldSocketIsClosing_H11() throws Exception {
        for (int round = 0; round < 10; round++) {
            TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
            JsonNode started = owner.next();
            assertThat(started.path("type").asText()).isEqualTo("session.started");
            String sessionId = started.path("session_id").asText();
            String token = started.path("resume_token").asText();
            owner.close();
            TestStreamSocket newcomer = resume(sessionId, token, 0);
            JsonNode first = newcomer.next();
            if (first.path("type").asText().equals("error")) {
                assertThat(first.path("code").asText()).isIn("SESSION_BUSY", "RECONNECT_TOO_SOON");
                newcomer.awaitClose();
                newcomer = reconnectUntilResumed(sessionId, token, first);
            } else {
                assertThat(first.path("type").asText()).isEqualTo("session.resumed");
            }
            assertThat(gauge("hark.attachments.active")).isLessThanOrEqualTo(1);
            newcomer.sendText("{\"type\":\"close_stream\"}");
            assertThat(newcomer.nextOfType("session.closed")).isNotNull();
            newcomer.close();
        }
    }

    @Test
    void wrongTokenIsDeniedAndTheSessionIsUntouched_H16() throws Exception {
        TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        JsonNode started = owner.next();
        owner.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("hark.attachments.active") == 0);

        try (TestStreamSocket thief = resume(started.path("session_id").asText(), "AAAAAAAAAAAAAAAAAAAAAAAA", 0)) {
            JsonNode error = thief.next();
            assertThat(error.path("code").asText()).isEqualTo("RESUME_DENIED");
            assertThat(error.path("message").asText()).doesNotContain(started.path("resume_token").asText());
            assertThat(thief.awaitClose().code()).isEqualTo(1008);
        }
        try (TestStreamSocket rightful = resume(started.path("session_id").asText(),
                started.path("resume_token").asText(), 0)) {
            assertThat(rightful.next().path("type").asText()).isEqualTo("session.resumed");
            rightful.sendText("{\"type\":\"close_stream\"}");
            assertThat(rightful.nextOfType("session.closed")).isNotNull();
        }
    }

    @Test
    void unknownSessionIsNotFound() throws Exception {
        try (TestStreamSocket stranger = resume("no-such-session", "AAAAAAAAAAAAAAAAAAAAAAAA", 0)) {
            assertThat(stranger.next().path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
            assertThat(stranger.awaitClose().code()).isEqualTo(1008);
        }
    }

    @Test
    void hundredRapidConnectDropResumeCyclesLeaveNothingBehind_H13_H17() throws Exception {
        TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        JsonNode started = socket.next();
        String sessionId = started.path("session_id").asText();
        String token = started.path("resume_token").asText();
        int resumes = 0;
        int refusals = 0;
        while (resumes < 100) {
            socket.abort();
            socket = resume(sessionId, token, 0);
            JsonNode answer = socket.next();
            if (answer.path("type").asText().equals("session.resumed")) {
                token = answer.path("resume_token").asText();
                resumes++;
            } else {
                assertThat(answer.path("code").asText()).isIn("SESSION_BUSY", "RECONNECT_TOO_SOON");
                assertThat(answer.path("retry_after_ms").asLong()).isPositive();
                refusals++;
                socket.awaitClose();
                socket = reconnectUntilResumed(sessionId, token, answer);
                token = socket.lastResumeToken();
                resumes++;
            }
        }
        socket.abort();
        assertThat(resumes).isEqualTo(100);
        System.out.println("[resume-cycles] 100 resumes, " + refusals + " structured refusals");
    }

    /**
     * Retries a refused resume the way a client should: no sooner than the server's retry hint,
     * every refusal structured, within a bound.
     */
    private TestStreamSocket reconnectUntilResumed(String sessionId, String token, JsonNode refusal) {
        AtomicReference<TestStreamSocket> resumed = new AtomicReference<>();
        long hint = refusal.path("retry_after_ms").asLong();
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(hint))
                .pollInterval(Duration.ofMillis(Math.max(5, hint))).until(() -> {
                    TestStreamSocket socket = resume(sessionId, token, 0);
                    JsonNode answer = socket.next();
                    if (answer.path("type").asText().equals("session.resumed")) {
                        socket.rememberResumeToken(answer.path("resume_token").asText());
                        resumed.set(socket);
                        return true;
                    }
                    assertThat(answer.path("code").asText()).isIn("SESSION_BUSY", "RECONNECT_TOO_SOON");
                    socket.awaitClose();
                    return false;
                });
        return resumed.get();
    }

    private static TestStreamSocket resume(String sessionId, String token, long lastSeq) throws Exception {
        return TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, "session_id=" + sessionId
                + "&resume_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&last_seq=" + lastSeq));
    }

    private static void sendFrames(TestStreamSocket socket, byte[] pcm, int from, int to) throws Exception {
        for (int offset = from; offset < Math.min(to, pcm.length); offset += 640) {
            socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(offset + 640, Math.min(to, pcm.length))));
        }
    }

    private static long lastSeq(List<JsonNode> finals) {
        return finals.isEmpty() ? 0 : finals.getLast().path("seq").asLong();
    }

    private static void assertTimesAreMonotonic(List<JsonNode> finals) {
        double previous = 0;
        for (JsonNode transcript : finals) {
            for (JsonNode word : transcript.path("words")) {
                assertThat(word.path("start").asDouble()).isGreaterThanOrEqualTo(previous - 0.001);
                previous = word.path("end").asDouble();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static int gauge(String name) {
        return ((Gauge<Integer>) APP.getEnvironment().metrics().getGauges().get(name)).getValue();
    }
}
