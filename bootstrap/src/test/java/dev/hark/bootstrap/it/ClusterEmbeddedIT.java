package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine through the cluster on a long file: one gateway, two workers decoding with
 * pocketsphinx (one decoder each), eight flite sentences joined by 600 ms of silence (~28 s). The
 * owning worker is killed with {@code kill -9} once the first finals came; the other takes over and
 * replays after the watermark. The transcript completes: accuracy within the single-process bound,
 * finals in order with no overlapping stretch, seqs consecutive. The lease is the default 3 s:
 * decoding JVMs on a loaded 2-core machine miss 1 s renewals and would hand the session around.
 */
class ClusterEmbeddedIT {

    /** The embedded engine's accuracy bound in a single process (EmbeddedRecognizerAdapterIT). */
    private static final double MAX_WER = 0.15;
    private static final int SENTENCES = 8;
    private static final int RATE = 16_000;
    private static final int CHUNK_BYTES = 3_200;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @TempDir
    static Path dir;

    private static RedisServerProcess redis;
    private static HarkProcess gateway;
    private static final Map<String, HarkProcess> WORKERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServerProcess.start();
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        // the gateway decodes nothing: its recognizer is the store; echo keeps it from loading the engine
        starting.add(CompletableFuture.runAsync(() -> gateway = start("gateway", "g1", "provider: echo")));
        for (String worker : List.of("w1", "w2")) {
            starting.add(CompletableFuture.runAsync(() -> WORKERS.put(worker, start("worker", worker,
                    "embedded: {maxDecoders: 1, warmDecoders: 1}"))));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stopCluster() throws java.io.IOException {
        HarkProcess.keepLogs(dir, "cluster-embedded-it-logs");
        WORKERS.values().forEach(HarkProcess::close);
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static HarkProcess start(String role, String node, String recognizer) {
        try {
            Path home = Files.createDirectories(dir.resolve(node));
            return HarkProcess.start(home, """
                    %s
                    cluster:
                      role: %s
                      nodeId: %s
                      redisUrl: %s
                      leaseTtl: 3s
                      leaseRenewInterval: 500ms
                      ownerCheckInterval: 200ms
                    """.formatted(recognizer, role, node, redis.uri()));
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + node, e);
        }
    }

    @Test
    @DisplayName("H32 with the embedded engine: kill -9 of the decoding worker mid-file; the transcript of a"
            + " 28 s file completes within the single-process WER bound, nothing doubled")
    void longFileSurvivesTheDecodingWorkersDeath_H32() throws Exception {
        List<SpeechFixture> sentences = IntStream.rangeClosed(1, SENTENCES)
                .mapToObj(i -> SpeechFixture.load("sentences/sentence%02d".formatted(i))).toList();
        byte[] pcm = joinedWithSilence(sentences, RATE * 6 / 10);
        String expected = sentences.stream().map(SpeechFixture::text).collect(Collectors.joining(" "));
        int half = pcm.length / 2 / CHUNK_BYTES * CHUNK_BYTES;

        TestStreamSocket client = TestStreamSocket.connect(CLIENT, gateway.stream(""));
        assertThat(client.next().path("type").asText()).isEqualTo("session.started");
        send(client, pcm, 0, half);
        List<JsonNode> finals = new ArrayList<>();
        finals.add(nextFinal(client));
        String owner = await().atMost(BOUND).until(ClusterEmbeddedIT::ownerOfOpenSession, name -> !name.isEmpty());
        long killed = System.nanoTime();
        WORKERS.remove(owner).kill9();
        send(client, pcm, half, pcm.length);
        client.sendText("{\"type\":\"close_stream\"}");
        finals.add(nextFinal(client));
        long nextFinal = System.nanoTime();
        // each message within the socket's 20 s; interims keep coming while the successor decodes
        for (JsonNode message = client.next(); !message.path("type").asText().equals("session.closed");
             message = client.next()) {
            if (message.path("type").asText().equals("transcript") && message.path("is_final").asBoolean()) {
                finals.add(message);
            }
        }

        String heard = finals.stream().map(f -> f.path("text").asText()).filter(t -> !t.isBlank())
                .collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(expected, heard);
        System.out.printf("[cluster-embedded] kill -9 of %s -> next final %d ms later (lease 3 s); %d finals;"
                + " WER %.1f%%: %s%n",
                owner, (nextFinal - killed) / 1_000_000, finals.size(), wer * 100, heard);
        double end = 0;
        for (int i = 0; i < finals.size(); i++) {
            JsonNode transcript = finals.get(i);
            assertThat(transcript.path("seq").asLong()).as("consecutive seqs").isEqualTo(i + 1);
            assertThat(transcript.path("start").asDouble()).as("no overlapping stretch at %s", transcript)
                    .isGreaterThanOrEqualTo(end - 1e-6);
            end = transcript.path("end").asDouble();
        }
        assertThat(end).as("the transcript reaches the last sentence").isGreaterThan(pcm.length / 2.0 / RATE - 3.5);
        assertThat(wer).as("WER of \"%s\"", heard).isLessThanOrEqualTo(MAX_WER);
        assertThat(WORKERS.values().iterator().next().log()).contains("(OWNER_LOST)");
    }

    private static JsonNode nextFinal(TestStreamSocket client) throws InterruptedException {
        while (true) {
            JsonNode transcript = client.nextOfType("transcript");
            if (transcript.path("is_final").asBoolean()) {
                return transcript;
            }
        }
    }

    private static void send(TestStreamSocket client, byte[] pcm, int from, int to) throws Exception {
        for (int offset = from; offset < to; offset += CHUNK_BYTES) {
            client.sendBinary(java.util.Arrays.copyOfRange(pcm, offset, Math.min(to, offset + CHUNK_BYTES)));
        }
    }

    private static byte[] joinedWithSilence(List<SpeechFixture> sentences, int silenceSamples) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (SpeechFixture sentence : sentences) {
            if (joined.size() > 0) {
                joined.writeBytes(new byte[silenceSamples * 2]);
            }
            joined.writeBytes(sentence.pcm());
        }
        return joined.toByteArray();
    }

    /** The owner of the one open session, or empty while none has taken it. */
    private static String ownerOfOpenSession() {
        var admin = redis.admin();
        for (String key : admin.keys("hark:s:{*}")) {
            Map<String, String> session = admin.hgetall(key);
            if ("open".equals(session.get("state"))) {
                return session.getOrDefault("owner", "");
            }
        }
        return "";
    }
}
