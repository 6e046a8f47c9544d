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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * Cluster failures beyond {@link ClusterProcessIT}'s, with real processes: one {@code redis-server}
 * (AOF on), one gateway and three workers (JVMs from the built jar, the echo recognizer), and
 * {@link EchoClusterClient}'s oracle: the finals tile the audio, no gap, no overlap, seqs 1, 2, 3...
 *
 * <p>The processes are shared; the order leaves each scenario what it needs: {@code CLIENT KILL}
 * of every Hark connection (all workers), a worker's SIGTERM then another's {@code kill -9} (one
 * worker left), then Redis paused past the gateway's {@code storeOutageBound} (2 s here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static RedisServerProcess redis;
    private static HarkProcess gateway;
    private static final Map<String, HarkProcess> WORKERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServerProcess.start();
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        starting.add(CompletableFuture.runAsync(() -> gateway = start("gateway", "g1")));
        for (String worker : List.of("w1", "w2", "w3")) {
            starting.add(CompletableFuture.runAsync(() -> WORKERS.put(worker, start("worker", worker))));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stopCluster() throws java.io.IOException {
        HarkProcess.keepLogs(dir, "cluster-faults-it-logs");
        WORKERS.values().forEach(HarkProcess::close);
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static HarkProcess start(String role, String node) {
        try {
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
                      storeOutageBound: 2s
                    """.formatted(role, node, redis.uri()));
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + node, e);
        }
    }

    @Test
    @Order(0)
    @DisplayName("H34: CLIENT KILL of every gateway and worker Redis connection mid-stream: nothing doubled, nothing lost")
    void clientKillOfEveryConnectionLosesNothing_H34() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            // every Hark connection of every process: commands, blocking readers, the assignment reader
            int connections = harkConnections();
            assertThat(redis.killClients("hark-")).as("connections killed").isEqualTo(connections)
                    .isGreaterThanOrEqualTo(4 * 2);
            client.sendWithoutWaiting(10);
            // once Lettuce has reconnected them all, once more while audio is in flight
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> harkConnections() >= connections);
            client.sendWithoutWaiting(5);
            assertThat(redis.killClients("hark-")).isPositive();
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
            assertThat(gateway.log()).as("carried by the store session, not by the core's fallback replay")
                    .doesNotContain("cluster stream failed");
        }
        // a probe cut by the kill made the gateway unready (new sessions refused) until the next one answers
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.admin("/health/ready").statusCode() == 200);
    }

    @Test
    @Order(1)
    @DisplayName("a worker's SIGTERM hands its session to another at once (replay, finals exactly once); kill -9 waits for the lease")
    void sigtermedWorkerHandsItsSessionBack() throws Exception {
        await().atMost(BOUND).until(() -> WORKERS.keySet().stream()
                .allMatch(node -> redis.admin().exists("hark:w:" + node + ":alive") == 1));
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            String drained = ownerOfOpenSession();
            HarkProcess draining = WORKERS.remove(drained);
            long terminated = System.nanoTime();
            draining.sigterm();
            String successor = await().atMost(BOUND).pollInterval(Duration.ofMillis(10))
                    .until(ClusterFaultsIT::currentOwner, now -> !now.isEmpty() && !now.equals(drained));
            long handedBack = System.nanoTime();
            client.sendInLockstep(1);
            long nextFinal = System.nanoTime();
            client.sendInLockstep(10);
            assertThat(draining.awaitExit(BOUND)).as("exit status after SIGTERM").isZero();
            assertThat(ownerOfOpenSession()).isEqualTo(successor);
            assertThat(WORKERS.get(successor).log()).as("taken because it was released, not because a lease lapsed")
                    .contains("(RELEASED)");

            long killed = System.nanoTime();
            WORKERS.remove(successor).kill9();
            await().atMost(BOUND).pollInterval(Duration.ofMillis(10))
                    .until(ClusterFaultsIT::currentOwner, now -> !now.isEmpty() && !now.equals(successor));
            long takenOver = System.nanoTime();
            client.sendInLockstep(1);
            long finalAfterKill = System.nanoTime();
            client.sendInLockstep(10);
            client.closeAndCheckTiling();
            // measured to the new owner in Redis (polled every 10 ms), and to the next final after it
            System.out.printf("[cluster] worker %s SIGTERM -> taken over %d ms, next final %d ms later; worker %s"
                    + " kill -9 -> taken over %d ms, next final %d ms later (lease 1 s, owner check 200 ms)%n",
                    drained, millis(terminated, handedBack), millis(terminated, nextFinal), successor,
                    millis(killed, takenOver), millis(killed, finalAfterKill));
        }
    }

    @Test
    @Order(2)
    @DisplayName("H35: Redis paused past storeOutageBound: the session ends with a retryable error after a prefix"
            + " of its finals; new sessions refused with retry_after_ms; readiness false; all well once it returns")
    void redisAwayPastTheOutageBoundEndsSessionsRetryably_H35() throws Exception {
        try (EchoClusterClient client = EchoClusterClient.open(CLIENT, gateway)) {
            client.sendInLockstep(10);
            redis.pause();
            try {
                client.sendWithoutWaiting(10);
                await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                        .until(() -> gateway.admin("/health/ready").statusCode() == 503);
                try (TestStreamSocket refused = TestStreamSocket.connect(CLIENT, gateway.stream(""))) {
                    JsonNode refusal = refused.next();
                    assertThat(refusal.path("type").asText()).as("refused: %s", refusal).isEqualTo("error");
                    assertThat(refusal.path("retry_after_ms").asLong()).as("a retry hint: %s", refusal).isPositive();
                }
                JsonNode error = client.awaitErrorAndCheckPrefix();
                assertThat(error.path("code").asText()).isEqualTo("PROVIDER_ERROR");
                assertThat(error.path("retry_after_ms").asLong()).as("retryable: %s", error).isPositive();
            } finally {
                redis.resume();
            }
        }
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.admin("/health/ready").statusCode() == 200);
        try (EchoClusterClient after = EchoClusterClient.open(CLIENT, gateway)) {
            after.sendInLockstep(10);
            after.closeAndCheckTiling();
        }
        // the failed stream's store session is wound down too: no key stays forever, no worker keeps it
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(redis.admin().keys("hark:s:{*}")).as("session hashes without an expiry")
                        .filteredOn(key -> redis.admin().ttl(key) < 0).isEmpty());
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** The owner of the one open session, or empty while it has none (released, not yet taken). */
    private static String currentOwner() {
        RedisCommands<String, String> admin = redis.admin();
        for (String key : admin.keys("hark:s:{*}")) {
            Map<String, String> session = admin.hgetall(key);
            if ("open".equals(session.get("state")) && !session.getOrDefault("owner", "").isEmpty()) {
                return session.get("owner");
            }
        }
        return "";
    }

    /** Hark's connections to Redis now, all processes together (each is named {@code hark-...}). */
    private static int harkConnections() {
        return (int) redis.admin().clientList().lines().filter(line -> line.contains(" name=hark-")).count();
    }

    /** The owner of the one open, attached session in Redis (the test's client has exactly one). */
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
