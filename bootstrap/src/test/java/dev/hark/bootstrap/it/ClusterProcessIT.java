package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode with real processes: one {@code redis-server} (AOF on), one gateway and two workers,
 * each a JVM started from the built jar, the echo recognizer (a final per chunk, naming its span).
 * The oracle for every scenario: the finals a client receives tile the audio it sent, from sample 0
 * to the end, with no gap and no overlap, and their seqs are 1, 2, 3, ... The client sends 100 ms
 * chunks in lockstep with their finals (each chunk after the previous one's final), so a scenario
 * acts at a known point of a live stream and waits only on observable state.
 *
 * <p>The processes are shared: the scenarios run in an order that leaves the next one two workers
 * (a Deepgram-protocol client, SIGSTOP and SIGCONT, a Redis pause, a Redis restart, then
 * {@code kill -9} last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessIT {

    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static RedisServerProcess redis;
    private static HarkProcess gateway;
    /** The second gateway, where clients of a dead or paused {@link #gateway} resume (H33). */
    private static HarkProcess otherGateway;
    private static final Map<String, HarkProcess> WORKERS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServerProcess.start();
        gateway = start("gateway", "g1");
        otherGateway = start("gateway", "g2");
        WORKERS.put("w1", start("worker", "w1"));
        WORKERS.put("w2", start("worker", "w2"));
    }

    @AfterAll
    static void stopCluster() throws java.io.IOException {
        HarkProcess.keepLogs(dir, "cluster-it-logs");
        WORKERS.values().forEach(HarkProcess::close);
        if (gateway != null) {
            gateway.close();
        }
        if (otherGateway != null) {
            otherGateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static HarkProcess start(String role, String node) throws Exception {
        Path home = Files.createDirectories(dir.resolve(node));
        return HarkProcess.start(home, """
                provider: echo
                cluster:
                  role: %s
                  nodeId: %s
                  redisUrl: %s
                  leaseTtl: 1s
                  leaseRenewInterval: 250ms
                  ownerCheckInterval: 200ms
                  storeOutageBound: 15s
                """.formatted(role, node, redis.uri()));
    }

    @Test
    @Order(0)
    @DisplayName("/v1/listen works unchanged on a gateway: a Deepgram client's Results tile its audio")
    void deepgramClientStreamsThroughAGateway() throws Exception {
        TestStreamSocket deepgram = TestStreamSocket.connect(CLIENT, java.net.URI.create("ws://127.0.0.1:"
                + gateway.port + "/v1/listen?encoding=linear16&sample_rate=16000&interim_results=false"));
        for (int i = 0; i < 20; i++) {
            deepgram.sendBinary(new byte[EchoClusterClient.CHUNK_SAMPLES * 2]);
        }
        deepgram.sendText("{\"type\":\"CloseStream\"}");
        List<JsonNode> messages = deepgram.drainUntilClosed();
        double covered = 0;
        for (JsonNode results : messages.stream().filter(m -> m.path("type").asText().equals("Results")).toList()) {
            assertThat(results.path("start").asDouble()).as("contiguous: %s", results)
                    .isCloseTo(covered, org.assertj.core.data.Offset.offset(1e-6));
            covered = results.path("start").asDouble() + results.path("duration").asDouble();
        }
        assertThat(covered).isCloseTo(20 * EchoClusterClient.CHUNK_SAMPLES / 16_000.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(messages.getLast().path("type").asText()).isEqualTo("Metadata");
    }


    @Test
    @Order(1)
    @DisplayName("H31: a worker SIGSTOPped past its lease is replaced; after SIGCONT nothing of it reaches the client")
    void pausedWorkerIsFencedWhenItWakes_H31() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            String owner = ownerOfOpenSession();
            HarkProcess paused = WORKERS.get(owner);
            paused.signal("STOP");
            try {
                String replacement = await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
                        .until(ClusterProcessIT::ownerOfOpenSession, now -> !now.equals(owner));
                assertThat(replacement).isNotEqualTo(owner);
                client.sendInLockstep(10);
            } finally {
                paused.signal("CONT");
            }
            // the woken worker finds its lease gone (or its next write refused as stale) and drops the session
            await().atMost(BOUND).until(() -> paused.log().contains("lease lost")
                    || paused.log().contains("fenced: another worker owns it now"));
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
        }
    }

    @Test
    @Order(2)
    @DisplayName("H35: Redis paused ~2 s mid-stream: the gateway is not ready meanwhile; nothing is lost or doubled")
    void redisPauseLosesNothing_H35() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            redis.pause();
            try {
                client.sendWithoutWaiting(10);
                // the probe's 1 s command timeout: readiness goes false while Redis does not answer
                await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                        .until(() -> gateway.admin("/health/ready").statusCode() == 503);
            } finally {
                redis.resume();
            }
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.admin("/health/ready").statusCode() == 200);
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
            assertThat(gateway.log()).as("carried by the store session, not by the core's fallback replay")
                    .doesNotContain("cluster stream failed");
        }
    }

    @Test
    @Order(3)
    @DisplayName("H35: Redis shut down and restarted mid-stream (AOF): the stream continues; nothing lost or doubled")
    void redisRestartLosesNothing_H35() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            String before = redis.runId();
            redis.shutdown();
            try {
                client.sendWithoutWaiting(5);
                await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                        .until(() -> gateway.admin("/health/ready").statusCode() == 503);
            } finally {
                redis.restart();
            }
            assertThat(redis.runId()).as("a new Redis process").isNotEqualTo(before);
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.admin("/health/ready").statusCode() == 200);
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
            assertThat(gateway.log()).doesNotContain("cluster stream failed");
        }
    }

    @Test
    @Order(4)
    @DisplayName("H32: kill -9 of the worker mid-stream: another takes over, replays after the watermark, continues at lastSeq + 1")
    void killedWorkerIsReplacedWithoutLoss_H32() throws Exception {
        await().atMost(BOUND).until(() -> WORKERS.keySet().stream()
                .allMatch(node -> redis.admin().exists("hark:w:" + node + ":alive") == 1));
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(20);
            String owner = ownerOfOpenSession();
            long killed = System.nanoTime();
            WORKERS.remove(owner).kill9();
            client.sendInLockstep(1);
            long handedOff = System.nanoTime();
            client.sendInLockstep(19);
            client.closeAndCheckTiling();
            System.out.printf("[cluster] kill -9 of worker %s -> next final %d ms later (lease 1 s, owner check 200 ms)%n",
                    owner, (handedOff - killed) / 1_000_000);
            assertThat(gateway.log()).contains("lost its lease");
        }
    }

    @Test
    @Order(5)
    @DisplayName("H33: a gateway SIGSTOPped while its client resumes on another: after SIGCONT it delivers nothing more and lets go")
    void pausedGatewayIsFencedWhenItWakes_H33() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            TestStreamSocket stale = client.socket();
            gateway.signal("STOP");
            try {
                client.sendWithoutWaiting(3); // into the paused gateway's socket: it reaches the store only after SIGCONT
                client.resumeOn(otherGateway);
                client.sendInLockstep(10);
            } finally {
                gateway.signal("CONT");
            }
            // the woken gateway's journal writes and store writes are refused: it closes its client as taken over
            TestStreamSocket.CloseStatus closed = stale.awaitClose();
            assertThat(closed.code()).as("closed as taken over").isEqualTo(4001);
            List<JsonNode> afterWaking = stale.drainUntilClosed();
            assertThat(afterWaking).as("nothing but the notice from the stale gateway")
                    .noneMatch(message -> message.path("type").asText().equals("transcript"));
            client.sendInLockstep(5);
            client.closeAndCheckTiling();
        }
    }

    @Test
    @Order(6)
    @DisplayName("H33: kill -9 of the gateway mid-stream: the client resumes on the other one; every final exactly once")
    void killedGatewaySessionResumesOnAnother_H33() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            client.sendWithoutWaiting(5);
            gateway.kill9();
            client.takeWhatArrived();
            long resumed = client.resumeOn(otherGateway);
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
            System.out.printf("[cluster] kill -9 of a gateway: resume socket opened -> session.resumed in %d ms%n",
                    resumed / 1_000_000);
            assertThat(otherGateway.log()).contains("adopted from the journal");
            PrometheusScrape metrics = PrometheusScrape.of(otherGateway.admin("/prometheus").body());
            for (String operation : List.of("journal_final", "journal_tokens", "adopt", "append_audio")) {
                String series = "hark_cluster_store_command_seconds_%s{operation=\"" + operation + "\"}";
                double count = metrics.value(series.formatted("count"));
                System.out.printf("[cluster] %s on the adopting gateway: %.0f calls, mean %.2f ms%n", operation, count,
                        count == 0 ? 0 : 1000 * metrics.value(series.formatted("sum")) / count);
            }
        }
    }

    /** The owner of the one open session in Redis (the test's client has exactly one). */
    private static String ownerOfOpenSession() {
        RedisCommands<String, String> admin = redis.admin();
        List<String> owners = new ArrayList<>();
        for (String key : admin.keys("hark:s:{*}")) {
            Map<String, String> session = admin.hgetall(key);
            if ("open".equals(session.get("state")) && !session.getOrDefault("owner", "").isEmpty()) {
                owners.add(session.get("owner"));
            }
        }
        assertThat(owners).as("owners of open sessions").hasSize(1);
        return owners.getFirst();
    }
}
