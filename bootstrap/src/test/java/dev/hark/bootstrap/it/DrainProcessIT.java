package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H29 with the real process: the built jar on free ports, SIGTERM while a client streams. The
 * echo provider answers every chunk with a final naming its exact sample range, so "every final
 * for the audio received" is checked exactly: the finals must tile the audio sent, no gap.
 */
class DrainProcessIT {

    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final Pattern SAMPLES = Pattern.compile("samples (\\d+)-(\\d+)");

    @TempDir
    Path dir;

    @Test
    @DisplayName("H29: SIGTERM mid-stream: server.draining, new sessions refused, every final for the audio received, session.closed, 1001, exit 0")
    void drainsALiveSessionThenExitsZero_H29() throws Exception {
        try (HarkProcess hark = HarkProcess.start(dir, """
                provider: echo
                drain: {timeout: 3s, finalizeTimeout: 5s, retryAfter: 2s}
                """)) {
            TestStreamSocket client = TestStreamSocket.connect(CLIENT, hark.stream(""));
            assertThat(client.next().path("type").asText()).isEqualTo("session.started");
            int sent = sendSeconds(client, 1.0);
            // a Deepgram client too: it cannot resume, so the drain finalizes it like the others
            TestStreamSocket deepgram = TestStreamSocket.connect(CLIENT, URI.create("ws://127.0.0.1:" + hark.port
                    + "/v1/listen?encoding=linear16&sample_rate=16000&interim_results=false"));
            int deepgramSent = sendSeconds(deepgram, 1.0);
            long sigterm = System.nanoTime();
            hark.sigterm();

            JsonNode draining = client.nextOfType("server.draining");
            long noticed = System.nanoTime();
            // what is left when it was written: the 3 s timeout less the moments the lane took
            assertThat(draining.path("remaining_ms").asLong()).isBetween(1L, 3000L);
            assertThat(java.time.Instant.parse(draining.path("deadline").asText())).isNotNull();
            assertThat(hark.admin("/health/ready").statusCode()).isEqualTo(503);
            assertThat(hark.admin("/health/live").statusCode()).isEqualTo(200);
            PrometheusScrape scraped = PrometheusScrape.of(hark.admin("/prometheus").body());
            assertThat(scraped.value("hark_draining")).isEqualTo(1);
            assertThat(scraped.value("hark_ready")).isZero();
            TestStreamSocket latecomer = TestStreamSocket.connect(CLIENT, hark.stream(""));
            JsonNode refused = latecomer.next();
            assertThat(refused.path("code").asText()).isEqualTo("SERVER_DRAINING");
            assertThat(refused.path("retry_after_ms").asLong()).isEqualTo(2000);
            assertThat(latecomer.awaitClose().code()).isEqualTo(1013);
            sent += sendSeconds(client, 0.5); // the client keeps talking until the deadline

            List<JsonNode> rest = client.drainUntilClosed();
            long closed = System.nanoTime();
            assertThat(client.awaitClose().code()).isEqualTo(1001);
            assertThat(rest.get(rest.size() - 1).path("type").asText()).isEqualTo("session.closed");
            assertThat(rest.get(rest.size() - 1).path("reason").asText()).isEqualTo("server_draining");
            assertThat(exitStatusWithin(hark, Duration.ofSeconds(30))).isZero();
            long exited = System.nanoTime();

            assertThat(finalsTile(client.received(), rest)).isEqualTo(sent);
            List<JsonNode> deepgramMessages = deepgram.drainUntilClosed();
            TestStreamSocket.CloseStatus deepgramClose = deepgram.awaitClose();
            assertThat(deepgramClose.code()).as("1000: the close Deepgram's SDKs take as the end of a stream")
                    .isEqualTo(1000);
            assertThat(deepgramClose.reason()).startsWith("server draining");
            assertThat(deepgramMessages.getLast().path("type").asText()).isEqualTo("Metadata");
            assertThat(deepgramMessages.stream().filter(m -> m.path("type").asText().equals("Results"))
                    .mapToDouble(m -> m.path("duration").asDouble()).sum())
                    .as("Results cover every sample it sent").isCloseTo(deepgramSent / 16_000.0, within(0.01));
            assertThat(hark.log()).contains("drain: started with 2 sessions").contains("deadline reached")
                    .contains("drain: done");
            System.out.printf("[drain timeline] SIGTERM +0 ms; server.draining +%d ms; session.closed/1001 +%d ms; "
                            + "exit 0 +%d ms%n", millis(sigterm, noticed), millis(sigterm, closed),
                    millis(sigterm, exited));
        }
    }

    @Test
    @DisplayName("H29: ./hark transcribe prints every final and exits 0 when the server drains under it")
    void transcribePrintsEveryFinalAndExitsZero_whenTheServerDrainsUnderIt_H29() throws Exception {
        try (HarkProcess hark = HarkProcess.start(dir, """
                embedded: {maxDecoders: 1, warmDecoders: 1}
                drain: {timeout: 1s, finalizeTimeout: 10s}
                """)) {
            Path out = dir.resolve("transcribe.out");
            Path wav = Path.of("..", "testdata", "speech", "two_sentences.wav").toAbsolutePath();
            Process transcribe = HarkProcess.run(out, "transcribe", "--url", "ws://127.0.0.1:" + hark.port
                    + "/v1/stream", wav.toString());
            // the first sentence's final is printed about 3 s into the 5.5 s file: drain then
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.readString(out).isBlank());
            hark.sigterm();

            assertThat(transcribe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String printed = Files.readString(out);
            String notes = Files.readString(dir.resolve("transcribe.out.err"));
            assertThat(transcribe.exitValue()).as(notes).isZero();
            assertThat(printed.lines().toList()).hasSizeGreaterThanOrEqualTo(2)
                    .first().isEqualTo("the children are playing in the garden");
            assertThat(notes).contains("the server is shutting down").contains("shut down before the end of the file");
            assertThat(exitStatusWithin(hark, Duration.ofSeconds(30))).isZero();
        }
    }

    /** Sends {@code seconds} of 16 kHz audio in 20 ms frames; returns the samples sent. */
    private static int sendSeconds(TestStreamSocket client, double seconds) throws Exception {
        int frames = (int) Math.round(seconds * 50);
        for (int i = 0; i < frames; i++) {
            client.sendBinary(new byte[640]);
        }
        return frames * 320;
    }

    /** The end of the contiguous run of finals from sample 0; fails on a gap or an overlap. */
    private static long finalsTile(List<JsonNode> earlier, List<JsonNode> rest) {
        List<JsonNode> all = new ArrayList<>(earlier);
        all.addAll(rest);
        long end = 0;
        for (JsonNode message : all) {
            if (message.path("type").asText().equals("transcript") && message.path("is_final").asBoolean()) {
                Matcher span = SAMPLES.matcher(message.path("text").asText());
                assertThat(span.matches()).isTrue();
                assertThat(Long.parseLong(span.group(1))).as("finals tile the audio").isEqualTo(end);
                end = Long.parseLong(span.group(2));
            }
        }
        return end;
    }

    private static int exitStatusWithin(HarkProcess hark, Duration bound) throws Exception {
        return hark.awaitExit(bound);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
