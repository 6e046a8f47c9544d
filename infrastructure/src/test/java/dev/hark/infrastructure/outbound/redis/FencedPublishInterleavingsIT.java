package dev.hark.infrastructure.outbound.redis;

import static dev.hark.infrastructure.outbound.redis.StoreFixtures.await;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.chunk;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.created;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.finalResult;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSession;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSessionId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * H31 for all interleavings: two workers take over, publish finals from where they believe the
 * watermark is, and lose their leases (paused past them) in any order, against one real Redis.
 * Whatever happens, the outbox holds consecutive seqs whose spans never overlap, the watermark
 * never moves backwards, and every stored final was published by the owner of the latest epoch.
 */
class FencedPublishInterleavingsIT {

    private static final long AUDIO = 32_000;
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static RedisServerProcess redis;
    private static RedisConnections connections;
    private static LettuceGatewayStoreAdapter gateway;
    private static LettuceLeaseAdapter leases;
    private static List<LettuceWorkerStoreAdapter> workers;

    enum Kind { TAKE_OVER, PUBLISH, LOSE_LEASE, REGAIN_LEASE }

    record Step(int worker, Kind kind, int length) {
    }

    @BeforeContainer
    static void startRedis() {
        redis = RedisServerProcess.start();
        RedisSettings defaults = RedisSettings.defaults(redis.uri());
        connections = RedisConnections.open(new RedisSettings(defaults.uri(), Duration.ofSeconds(5), defaults.connectTimeout(),
                defaults.requestQueueSize(), defaults.reconnectMinDelay(), defaults.reconnectMaxDelay(), 1,
                defaults.maxBlock(), defaults.readBatch(), defaults.assignmentBacklog()));
        gateway = new LettuceGatewayStoreAdapter(connections);
        leases = new LettuceLeaseAdapter(connections);
        workers = List.of(new LettuceWorkerStoreAdapter(connections, new NodeId("interleave-a")),
                new LettuceWorkerStoreAdapter(connections, new NodeId("interleave-b")));
    }

    @AfterContainer
    static void stopRedis() {
        workers.forEach(LettuceWorkerStoreAdapter::close);
        gateway.close();
        connections.close();
        redis.close();
    }

    @Property(tries = 60)
    void finalsTileOnceAndOnlyTheCurrentOwnerPublishes_H31(@ForAll("steps") List<Step> steps) {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        for (long start = 0; start < AUDIO; start += 3200) {
            await(gateway.appendAudio(id, gen, chunk(start, 3200)));
        }
        WorkerFence[] fences = new WorkerFence[2];
        long[] believed = new long[2];
        long latestEpoch = 0;
        long watermark = 0;
        List<WorkerFence> publishedBy = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            await(leases.acquire(NodeRole.WORKER, workers.get(w).worker(), LEASE));
        }

        for (Step step : steps) {
            LettuceWorkerStoreAdapter worker = workers.get(step.worker());
            switch (step.kind()) {
                case TAKE_OVER -> {
                    if (await(worker.takeOver(id)) instanceof TakeOverOutcome.TookOver took) {
                        fences[step.worker()] = took.fence();
                        believed[step.worker()] = took.replayFrom();
                        assertThat(took.fence().epoch()).isGreaterThan(latestEpoch);
                        latestEpoch = took.fence().epoch();
                    }
                }
                case PUBLISH -> {
                    WorkerFence fence = fences[step.worker()];
                    long start = believed[step.worker()];
                    long end = Math.min(AUDIO, start + step.length());
                    if (fence != null && end > start) {
                        PublishOutcome outcome = await(worker.publishFinal(id, fence, finalResult(start, end)));
                        if (outcome instanceof PublishOutcome.Published published) {
                            assertThat(fence.epoch()).as("only the latest owner publishes").isEqualTo(latestEpoch);
                            assertThat(published.watermark()).isGreaterThan(watermark);
                            watermark = published.watermark();
                            believed[step.worker()] = end;
                            publishedBy.add(fence);
                        }
                    }
                }
                case LOSE_LEASE -> await(leases.release(NodeRole.WORKER, worker.worker()));
                case REGAIN_LEASE -> await(leases.acquire(NodeRole.WORKER, worker.worker(), LEASE));
            }
        }

        List<StreamMessage<String, String>> finals = redis.admin().xrange(StoreKeys.transcripts(id), Range.create("-", "+"));
        long previousEnd = 0;
        for (int i = 0; i < finals.size(); i++) {
            StreamMessage<String, String> entry = finals.get(i);
            assertThat(entry.getId()).isEqualTo((i + 1) + "-0");
            long start = Long.parseLong(entry.getBody().get("s"));
            assertThat(start).as("finals never overlap").isGreaterThanOrEqualTo(previousEnd);
            previousEnd = Long.parseLong(entry.getBody().get("e"));
        }
        assertThat(finals).hasSize(publishedBy.size());
        assertThat(previousEnd).isEqualTo(watermark);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 1),
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(500, 6000))
                .as(Step::new);
        return step.list().ofMinSize(4).ofMaxSize(30);
    }
}
