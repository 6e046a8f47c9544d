package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.infrastructure.client.ClientSettings;
import dev.hark.infrastructure.client.FramePacer;
import dev.hark.infrastructure.client.HarkStreamClient;
import dev.hark.infrastructure.client.StreamEvent;
import dev.hark.infrastructure.client.StreamTarget;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
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
    /** Every refusal a resume got in {@link #reconnectUntilResumed}. */
    private final List<JsonNode> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /**
     * Also H25: the first resume's answer is lost (the socket drops before the client reads
     * anything), so the client resumes again with the only token it knows.
     */
    @Test
    void dropAndResumeMidUtteranceDeliversEveryFinalOnceInOrder_evenAfterALostResumeAnswer_H15_H25() throws Exception {
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
        String token = started.path("resume_token").asText();
        long resumedBefore = counter("hark.sessions.resumed");
        TestStreamSocket lost = resume(sessionId, token, lastSeq(finals));
        lost.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("hark.sessions.resumed") == resumedBefore + 1
                && gauge("hark.attachments.active") == 0);

        TestStreamSocket second = reconnectUntilResumed(sessionId, token, lastSeq(finals), Duration.ofMillis(20));
        JsonNode resumed = second.lastResumed();
        assertThat(resumed.path("generation").asLong()).as("the lost attachment was generation 2").isEqualTo(3);
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

    /**
     * The old client has begun its closing handshake, but the server has not read its Close yet
     * (raw socket: half a Close frame), so the session still has it attached: the newcomer is
     * refused with SESSION_BUSY and 1013, and resumes once the close is in.
     */
    @Test
    void newcomerIsRefusedBusy_whileTheOldSocketIsClosing_andResumesOnceTheCloseIsIn_H11() throws Exception {
        String sessionId;
        String token;
        try (RawStreamSocket owner = RawStreamSocket.connect(HarkAppHarness.streamUri(APP, ""))) {
            JsonNode started = owner.nextText();
            sessionId = started.path("session_id").asText();
            token = started.path("resume_token").asText();
            owner.beginClose();

            try (TestStreamSocket newcomer = resume(sessionId, token, 0)) {
                JsonNode error = newcomer.next();
                assertThat(error.path("code").asText()).isEqualTo("SESSION_BUSY");
                assertThat(error.path("retry_after_ms").asLong()).isEqualTo(1000);
                assertThat(newcomer.awaitClose().code()).isEqualTo(1013);
            }
            owner.finishClose();
            assertThat(owner.nextFrame().isClose()).as("the server answers the close").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("hark.attachments.active") == 0);
        try (TestStreamSocket rightful = resume(sessionId, token, 0)) {
            assertThat(rightful.next().path("type").asText()).isEqualTo("session.resumed");
            rightful.sendText("{\"type\":\"close_stream\"}");
            assertThat(rightful.nextOfType("session.closed")).isNotNull();
        }
    }

    /**
     * H26: resumes whose socket is reset right after the upgrade, so the server's answer fails to
     * write and the socket errors and closes while the resume is still being decided: the session
     * must detach again, not stay bound to a dead channel, and the token must keep working
     * (nothing was ever heard on those sockets, H25).
     */
    @Test
    void staysResumable_whenHundredsOfResumesAreAbortedRightAfterTheUpgrade_H26() throws Exception {
        TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        JsonNode started = owner.next();
        String sessionId = started.path("session_id").asText();
        String token = started.path("resume_token").asText();
        owner.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("hark.attachments.active") == 0);
        long resumedBefore = counter("hark.sessions.resumed");

        for (int attempt = 0; attempt < 200; attempt++) { // reset right after the upgrade: answering it fails
            RawStreamSocket.connect(HarkAppHarness.streamUri(APP, "session_id=" + sessionId + "&resume_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&last_seq=0")).reset();
        }

        long accepted = counter("hark.sessions.resumed") - resumedBefore;
        System.out.println("[aborted-resumes] 200 aborted right after the upgrade, " + accepted + " of them accepted");
        assertThat(accepted).as("some resumes really attached a socket that was already gone").isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("hark.attachments.active") == 0);
        try (TestStreamSocket rightful = reconnectUntilResumed(sessionId, token, 0, Duration.ofMillis(20))) {
            rightful.sendText("{\"type\":\"close_stream\"}");
            assertThat(rightful.nextOfType("session.closed")).isNotNull();
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

    /**
     * H25 end to end: the stream drops mid-file; the resume that follows is cut right after the
     * upgrade, so the server rotated the token but the client never saw the new one. The client
     * resumes again with the same token, and the file's finals arrive once each, in order.
     */
    @Test
    void theJavaClientDeliversEveryFinalOnce_whenItsResumeIsCutRightAfterTheUpgrade_H25() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        List<StreamEvent.Transcript> finals = new CopyOnWriteArrayList<>();
        try (DroppingProxy proxy = new DroppingProxy(APP.getLocalPort(), List.of(
                new DroppingProxy.Cut.AfterClientBytes(fixture.pcm().length / 2),
                new DroppingProxy.Cut.RightAfterUpgrade()));
             HarkStreamClient client = HarkStreamClient.start(
                     new StreamTarget(proxy.streamUri(), fixture.sampleRate(), 1, false, "en"), ClientSettings.defaults(),
                     event -> {
                         if (event instanceof StreamEvent.Transcript transcript && transcript.isFinal()) {
                             finals.add(transcript);
                         }
                     })) {

            StreamEvent.SessionClosed closed = client.stream(fixture.audio(), FramePacer.unpaced()).get(60, TimeUnit.SECONDS);

            assertThat(closed.reason()).isEqualTo("client_closed");
            assertThat(proxy.connections()).isEqualTo(3);
            assertThat(proxy.requestLines().get(1)).contains("resume_token=")
                    .as("the lost resume and the next one present the same token").isEqualTo(proxy.requestLines().get(2));
        }
        assertThat(finals).extracting(StreamEvent.Transcript::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, finals.size()).boxed().toList());
        String text = finals.stream().map(StreamEvent.Transcript::text).collect(Collectors.joining(" "));
        assertThat(WordErrorRate.of(fixture.text(), text)).as(text).isLessThanOrEqualTo(0.15);
    }

    @Test
    void unknownSessionIsNotFound() throws Exception {
        try (TestStreamSocket stranger = resume("no-such-session", "AAAAAAAAAAAAAAAAAAAAAAAA", 0)) {
            assertThat(stranger.next().path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
            assertThat(stranger.awaitClose().code()).isEqualTo(1008);
        }
    }

    /**
     * A flapping client: every refusal is one the protocol names for this (the old socket's drop
     * not yet seen: SESSION_BUSY with the configured hint; inside the cooldown: RECONNECT_TOO_SOON
     * with at most the cooldown), each is counted once, and the work per attachment is bounded:
     * at most one recognizer open per resume, nothing left behind.
     */
    @Test
    void hundredRapidConnectDropResumeCyclesLeaveNothingBehind_H13_H17() throws Exception {
        long connectsBefore = counter("hark.provider.connects");
        long busyBefore = counter("hark.rejections.session_busy");
        long tooSoonBefore = counter("hark.rejections.reconnect_too_soon");
        long resumedBefore = counter("hark.sessions.resumed");
        refusals.clear();
        TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""));
        JsonNode started = socket.next();
        String sessionId = started.path("session_id").asText();
        String token = started.path("resume_token").asText();
        for (int resumes = 0; resumes < 100; resumes++) {
            socket.abort();
            socket = reconnectUntilResumed(sessionId, token, 0, Duration.ZERO);
            token = socket.lastResumeToken();
        }
        socket.abort();

        assertThat(counter("hark.sessions.resumed") - resumedBefore).isEqualTo(100);
        assertThat(refusals).allSatisfy(refusal -> {
            switch (refusal.path("code").asText()) {
                case "SESSION_BUSY" -> assertThat(refusal.path("retry_after_ms").asLong()).isEqualTo(1000);
                case "RECONNECT_TOO_SOON" -> assertThat(refusal.path("retry_after_ms").asLong()).isBetween(1L, 20L);
                default -> throw new AssertionError("unexpected refusal " + refusal);
            }
        });
        long busy = refusals.stream().filter(r -> r.path("code").asText().equals("SESSION_BUSY")).count();
        assertThat(counter("hark.rejections.session_busy") - busyBefore).as("each refusal counted once").isEqualTo(busy);
        assertThat(counter("hark.rejections.reconnect_too_soon") - tooSoonBefore).isEqualTo(refusals.size() - busy);
        assertThat(counter("hark.provider.connects") - connectsBefore).as("at most one recognizer open per attachment")
                .isBetween(1L, 101L);
        System.out.println("[resume-cycles] 100 resumes, " + refusals.size() + " structured refusals (" + busy
                + " SESSION_BUSY)");
    }

    /**
     * Resumes the way a client should: a refusal is retried no sooner than its hint, every
     * refusal structured and recorded in {@link #refusals}, within a bound. The socket returned
     * has read its {@code session.resumed}.
     */
    private TestStreamSocket reconnectUntilResumed(String sessionId, String token, long lastSeq, Duration firstWait) {
        AtomicReference<TestStreamSocket> resumed = new AtomicReference<>();
        AtomicReference<Duration> wait = new AtomicReference<>(firstWait);
        // the next attempt waits as long as the last refusal asked (Awaitility paces it; nothing sleeps)
        await().atMost(Duration.ofSeconds(20)).pollDelay(firstWait)
                .pollInterval((polls, previous) -> wait.get().compareTo(Duration.ofMillis(1)) < 0
                        ? Duration.ofMillis(1) : wait.get())
                .until(() -> {
            TestStreamSocket socket = resume(sessionId, token, lastSeq);
            JsonNode answer = socket.next();
            if (answer.path("type").asText().equals("session.resumed")) {
                socket.rememberResumed(answer);
                resumed.set(socket);
                return true;
            }
            refusals.add(answer);
            assertThat(answer.path("code").asText()).isIn("SESSION_BUSY", "RECONNECT_TOO_SOON");
            wait.set(Duration.ofMillis(answer.path("retry_after_ms").asLong()));
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

    static long counter(String name) {
        com.codahale.metrics.Counter counter = APP.getEnvironment().metrics().getCounters().get(name);
        return counter == null ? 0 : counter.getCount();
    }

    @SuppressWarnings("unchecked")
    static int gauge(String name) {
        return ((Gauge<Integer>) APP.getEnvironment().metrics().getGauges().get(name)).getValue();
    }
}
