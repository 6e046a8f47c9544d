package dev.hark.infrastructure.outbound.redis;

import static dev.hark.infrastructure.outbound.redis.StoreFixtures.await;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.chunk;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.created;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSession;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.StoreProbe;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import dev.hark.infrastructure.testing.redis.ReplyDroppingProxy;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.StreamMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Redis misbehaving under the store (H34, H35): paused, restarted, gone, a connection killed or a
 * reply lost. Each test breaks its own redis-server (they start in tens of milliseconds).
 */
class StoreFailuresIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private RedisServerProcess redis;
    private ReplyDroppingProxy proxy;
    private RedisConnections connections;
    private LettuceGatewayStoreAdapter gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("H35: with Redis paused 2 s a write times out within its bound, runs late, and its retry is a duplicate")
    void aPauseTimesCommandsOut_andTheLateWriteIsNotDoubled_H35() {
        open(settings -> settings.withCommandTimeout(Duration.ofMillis(300)));
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        redis.pause();
        AppendOutcome during;
        try {
            during = await(gateway.appendAudio(id, gen, chunk(0, 1600)));
        } finally {
            redis.resume();
        }

        assertThat(during).isInstanceOfSatisfying(Unavailable.class,
                unavailable -> assertThat(unavailable.cause()).isEqualTo(Unavailable.Cause.TIMEOUT));
        await().atMost(BOUND).until(() -> audioEnd(id) == 1600);
        assertThat(await(gateway.appendAudio(id, gen, chunk(0, 1600)))).isEqualTo(new AppendOutcome.DuplicateAudio(1600));
        assertThat(await(gateway.appendAudio(id, gen, chunk(1600, 1600)))).isEqualTo(new AppendOutcome.Appended(3200));
    }

    @Test
    @DisplayName("H35: a restarted Redis keeps the sessions (AOF), answers with a new run_id, and the store carries on")
    void aRestartKeepsTheDataAndChangesTheRunId_H35() {
        open(settings -> settings);
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 1600)));
        String before = runId();

        redis.shutdown();
        redis.restart();

        await().atMost(BOUND).until(() -> probe() instanceof StoreProbe.Reachable reachable && !reachable.runId().equals(before));
        await().atMost(BOUND).until(() -> await(gateway.appendAudio(id, gen, chunk(1600, 1600))) instanceof AppendOutcome.Appended);
        assertThat(audioEnd(id)).isEqualTo(3200);
        assertThat(await(gateway.appendAudio(id, gen, chunk(0, 1600)))).isEqualTo(new AppendOutcome.DuplicateAudio(3200));
    }

    @Test
    @DisplayName("H35: while Redis is down, calls fail fast as DISCONNECTED instead of queueing; they work again after it returns")
    void whileRedisIsDownCallsFailFastAndTyped_H35() {
        open(settings -> settings.withCommandTimeout(Duration.ofMinutes(1)));
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        redis.kill9();

        // a minute-long timeout: only the refusal while disconnected can answer within the bound
        await().atMost(BOUND).until(() -> await(gateway.appendAudio(id, gen, chunk(0, 1600))) instanceof Unavailable unavailable
                && unavailable.cause() == Unavailable.Cause.DISCONNECTED);
        redis.restart();
        await().atMost(BOUND).until(() -> probe() instanceof StoreProbe.Reachable);
    }

    @Test
    @DisplayName("H34: a write that ran but whose reply was lost fails as DISCONNECTED (no silent replay); its retry is a duplicate")
    void aLostReplyIsReportedAndTheRetryIsADuplicate_H34() {
        redis = RedisServerProcess.start();
        proxy = ReplyDroppingProxy.to(redis.port());
        openAt(proxy.uri(), settings -> settings.withCommandTimeout(Duration.ofMinutes(1)));
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        proxy.dropReplies(true);
        CompletionStage<AppendOutcome> append = gateway.appendAudio(id, gen, chunk(0, 1600));
        await().atMost(BOUND).until(() -> audioEnd(id) == 1600);
        proxy.cutAll();
        proxy.dropReplies(false);

        assertThat(await(append)).isInstanceOfSatisfying(Unavailable.class,
                unavailable -> assertThat(unavailable.cause()).isEqualTo(Unavailable.Cause.DISCONNECTED));
        await().atMost(BOUND).until(() -> probe() instanceof StoreProbe.Reachable);
        assertThat(await(gateway.appendAudio(id, gen, chunk(0, 1600)))).isEqualTo(new AppendOutcome.DuplicateAudio(1600));
        assertThat(audioIds(id)).containsExactly("0-1");
    }

    @Test
    @DisplayName("H34: with Lettuce's default (replay after reconnect) the replayed append runs twice and is refused the second time")
    void lettucesDefaultReplayOfAnAppendIsADuplicate_H34() {
        redis = RedisServerProcess.start();
        proxy = ReplyDroppingProxy.to(redis.port());
        openAt(redis.uri(), settings -> settings);
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        RedisClient replaying = RedisClient.create(RedisURI.create(proxy.uri()));
        try (StatefulRedisConnection<String, byte[]> connection = replaying.connect(RedisConnections.CODEC)) {
            proxy.dropReplies(true);
            var chunk = chunk(0, 1600);
            CompletionStage<java.util.List<Object>> append = FunctionLibrary.call(connection.async(),
                    FunctionLibrary.APPEND_AUDIO, StoreKeys.all(id),
                    FunctionArgs.of(gen.value(), 0L, 1600L, chunk.pcm()));
            await().atMost(BOUND).until(() -> audioEnd(id) == 1600);
            proxy.cutAll();
            proxy.dropReplies(false);

            assertThat(new FunctionReply(await(append)).status()).isEqualTo("DUPLICATE");
        } finally {
            replaying.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertThat(audioIds(id)).containsExactly("0-1");
    }

    @Test
    @DisplayName("H34: killing the store's connection mid-stream loses and doubles no sample")
    void killingTheConnectionMidStreamDoublesNothing_H34() {
        open(settings -> settings.withCommandTimeout(Duration.ofSeconds(10)));
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        List<CompletionStage<AppendOutcome>> appends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            appends.add(gateway.appendAudio(id, gen, chunk(i * 320L, 320)));
            if (i == 200) {
                assertThat(redis.killClients("hark-commands")).isEqualTo(1);
            }
        }
        List<AppendOutcome> outcomes = appends.stream().map(StoreFixtures::await).toList();

        // whatever failed while disconnected is sent again, as a gateway would, from audioEnd
        await().atMost(BOUND).until(() -> probe() instanceof StoreProbe.Reachable);
        long end = audioEnd(id);
        for (long start = end; start < 400 * 320L; start += 320) {
            assertThat(await(gateway.appendAudio(id, gen, chunk(start, 320)))).isInstanceOf(AppendOutcome.Appended.class);
        }
        List<String> ids = audioIds(id);
        assertThat(ids).hasSize(400);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i * 320L + "-1");
        }
        assertThat(outcomes).noneMatch(outcome -> outcome instanceof AppendOutcome.AudioGap gap && gap.audioEnd() > 400 * 320L);
    }

    @Test
    void aFullRequestQueueRefusesAtOnce_asOverloaded() {
        RedisServerProcess server = RedisServerProcess.start();
        redis = server;
        RedisSettings defaults = RedisSettings.defaults(server.uri());
        connections = RedisConnections.open(new RedisSettings(defaults.uri(), Duration.ofSeconds(5), defaults.connectTimeout(),
                4, defaults.reconnectMinDelay(), defaults.reconnectMaxDelay(), 1, defaults.maxBlock(), defaults.readBatch(),
                defaults.assignmentBacklog()));
        gateway = new LettuceGatewayStoreAdapter(connections);
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        redis.pause();
        List<CompletionStage<AppendOutcome>> appends = new ArrayList<>();
        AppendOutcome refused;
        try {
            for (int i = 0; i < 4; i++) {
                appends.add(gateway.appendAudio(id, gen, chunk(i * 320L, 320)));
            }
            refused = await(gateway.appendAudio(id, gen, chunk(4 * 320L, 320)));
        } finally {
            redis.resume();
        }

        assertThat(refused).isInstanceOfSatisfying(Unavailable.class,
                unavailable -> assertThat(unavailable.cause()).as(unavailable.detail()).isEqualTo(Unavailable.Cause.OVERLOADED));
        assertThat(appends.stream().map(StoreFixtures::await)).allMatch(AppendOutcome.Appended.class::isInstance);
    }

    private void open(java.util.function.UnaryOperator<RedisSettings> tune) {
        redis = RedisServerProcess.start();
        openAt(redis.uri(), tune);
    }

    private void openAt(URI uri, java.util.function.UnaryOperator<RedisSettings> tune) {
        connections = RedisConnections.open(tune.apply(RedisSettings.defaults(uri)));
        gateway = new LettuceGatewayStoreAdapter(connections);
    }

    private String runId() {
        return ((StoreProbe.Reachable) probe()).runId();
    }

    private StoreProbe probe() {
        return await(new LettuceLeaseAdapter(connections).probe());
    }

    /** Read on the test's own connection: the store's may be the one under test. */
    private long audioEnd(SessionId id) {
        String stored = redis.admin().hget(StoreKeys.session(id), "audioEnd");
        return stored == null ? -1 : Long.parseLong(stored);
    }

    private List<String> audioIds(SessionId id) {
        return redis.admin().xrange(StoreKeys.audio(id), Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }
}
