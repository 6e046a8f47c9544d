package dev.hark.infrastructure.outbound.redis;

import static dev.hark.infrastructure.outbound.redis.StoreFixtures.TOKEN;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.await;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.chunk;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.created;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.finalResult;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.interim;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSession;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSessionId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.AlreadyDone;
import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.AttachOutcome;
import dev.hark.application.port.outbound.store.AudioClosed;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.SessionEnded;
import dev.hark.application.port.outbound.store.SessionPhase;
import dev.hark.application.port.outbound.store.StaleGeneration;
import dev.hark.application.port.outbound.store.StaleOwner;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The functions' fences, one stale actor at a time, against a real redis-server shared by the class. */
class SessionStoreFencingIT {

    private static final NodeId WORKER_A = new NodeId("fencing-worker-a");
    private static final NodeId WORKER_B = new NodeId("fencing-worker-b");
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static RedisServerProcess redis;
    private static RedisConnections connections;
    private static LettuceGatewayStoreAdapter gateway;
    private static LettuceWorkerStoreAdapter workerA;
    private static LettuceWorkerStoreAdapter workerB;
    private static LettuceLeaseAdapter leases;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
        connections = RedisConnections.open(RedisSettings.defaults(redis.uri()));
        gateway = new LettuceGatewayStoreAdapter(connections);
        workerA = new LettuceWorkerStoreAdapter(connections, WORKER_A);
        workerB = new LettuceWorkerStoreAdapter(connections, WORKER_B);
        leases = new LettuceLeaseAdapter(connections);
    }

    @AfterAll
    static void stopRedis() {
        workerA.close();
        workerB.close();
        gateway.close();
        connections.close();
        redis.close();
    }

    @Test
    @DisplayName("H34: audio already stored is refused as a duplicate by sample offset; an overlap stores only the new part")
    void appendsAreIdempotentBySampleOffset_H34() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        assertThat(await(gateway.appendAudio(id, gen, chunk(0, 1600)))).isEqualTo(new AppendOutcome.Appended(1600));
        assertThat(await(gateway.appendAudio(id, gen, chunk(1600, 1600)))).isEqualTo(new AppendOutcome.Appended(3200));
        assertThat(await(gateway.appendAudio(id, gen, chunk(0, 1600)))).isEqualTo(new AppendOutcome.DuplicateAudio(3200));
        assertThat(await(gateway.appendAudio(id, gen, chunk(2400, 1600)))).isEqualTo(new AppendOutcome.Appended(4000));
        assertThat(await(gateway.appendAudio(id, gen, chunk(4800, 100)))).isEqualTo(new AppendOutcome.AudioGap(4000));

        List<StreamMessage<String, String>> audio = redis.admin().xrange(StoreKeys.audio(id), io.lettuce.core.Range.create("-", "+"));
        assertThat(audio).extracting(StreamMessage::getId).containsExactly("0-1", "1600-1", "3200-1");
        assertThat(audio.get(2).getBody().get("e")).isEqualTo("4000");
        // the overlapping chunk was cut: 800 samples of it, starting with sample 3200's byte
        byte[] tail = connections.commands().sync().xrange(StoreKeys.audio(id), io.lettuce.core.Range.create("3200-1", "3200-1"))
                .getFirst().getBody().get("p");
        assertThat(tail).hasSize(800 * 2);
        assertThat(tail[0]).isEqualTo((byte) 3200);
    }

    @Test
    @DisplayName("H31: once a client resumed on another gateway, the old attachment's writes are refused as stale")
    void staleGenerationCannotAppend_afterResumeElsewhere_H31() {
        SessionId id = newSessionId();
        Generation first = created(gateway, newSession(id));
        await(gateway.appendAudio(id, first, chunk(0, 1600)));

        AttachOutcome attached = await(gateway.attach(id, TOKEN, new NodeId("gateway-2"), AttachPolicy.TAKEOVER));

        assertThat(attached).isEqualTo(new AttachOutcome.Attached(new Generation(2), 1600, 0, SessionPhase.OPEN));
        assertThat(await(gateway.appendAudio(id, first, chunk(1600, 1600)))).isEqualTo(new StaleGeneration(new Generation(2)));
        assertThat(await(gateway.markAudio(id, first, AudioMark.CLOSE))).isEqualTo(new StaleGeneration(new Generation(2)));
        assertThat(await(gateway.detach(id, first, Duration.ofSeconds(30)))).isEqualTo(new StaleGeneration(new Generation(2)));
        assertThat(await(gateway.appendAudio(id, new Generation(2), chunk(1600, 1600)))).isEqualTo(new AppendOutcome.Appended(3200));
    }

    @Test
    void attachIsRefused_withWrongToken_orUnknownSession_H16() {
        SessionId id = newSessionId();
        created(gateway, newSession(id));

        assertThat(await(gateway.attach(id, new ResumeToken("wrong-token-0123456789"), StoreFixtures.GATEWAY, AttachPolicy.TAKEOVER)))
                .isEqualTo(new AttachOutcome.Denied());
        assertThat(await(gateway.attach(newSessionId(), TOKEN, StoreFixtures.GATEWAY, AttachPolicy.TAKEOVER)))
                .isEqualTo(new NotFound());
        assertThat(await(gateway.create(newSession(id)))).isEqualTo(new CreateOutcome.AlreadyExists());
        assertThat(generationOf(id)).isEqualTo(1);
    }

    @Test
    void attachUnderReject_isBusyWhileTheHoldersLeaseLives_andWinsOnceItIsGone_H11() {
        SessionId id = newSessionId();
        NodeId holder = new NodeId("busy-holder");
        await(leases.acquire(NodeRole.GATEWAY, holder, LEASE));
        await(gateway.create(new NewSession(id, StoreFixtures.FORMAT, TOKEN, holder, Duration.ofSeconds(30), 100)));

        assertThat(await(gateway.attach(id, TOKEN, new NodeId("newcomer"), AttachPolicy.REJECT)))
                .isEqualTo(new AttachOutcome.Busy(holder));

        await(leases.release(NodeRole.GATEWAY, holder));
        assertThat(await(gateway.attach(id, TOKEN, new NodeId("newcomer"), AttachPolicy.REJECT)))
                .isInstanceOf(AttachOutcome.Attached.class);
    }

    @Test
    @DisplayName("H25: a rotated token resumes, the superseded one does not; a stale attachment cannot rotate")
    void rotatedTokenReplacesTheOldOne_H25() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        ResumeToken next = new ResumeToken("token-rotated-0123456789");

        assertThat(await(gateway.rotateToken(id, gen, next))).isEqualTo(new Done());
        assertThat(await(gateway.attach(id, TOKEN, StoreFixtures.GATEWAY, AttachPolicy.TAKEOVER))).isEqualTo(new AttachOutcome.Denied());
        assertThat(await(gateway.attach(id, next, StoreFixtures.GATEWAY, AttachPolicy.TAKEOVER))).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(await(gateway.rotateToken(id, gen, TOKEN))).isEqualTo(new StaleGeneration(new Generation(2)));
    }

    @Test
    void detachStartsTheGracePeriod_andAttachCancelsIt() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 1600)));

        assertThat(await(gateway.detach(id, gen, Duration.ofSeconds(30)))).isEqualTo(new Done());
        assertThat(redis.admin().pttl(StoreKeys.session(id))).isPositive();
        assertThat(redis.admin().pttl(StoreKeys.audio(id))).isPositive();
        assertThat(await(gateway.appendAudio(id, gen, chunk(1600, 1600)))).isEqualTo(new StaleGeneration(gen));

        assertThat(await(gateway.attach(id, TOKEN, StoreFixtures.GATEWAY, AttachPolicy.REJECT))).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(redis.admin().pttl(StoreKeys.session(id))).isEqualTo(-1);
        assertThat(redis.admin().pttl(StoreKeys.audio(id))).isEqualTo(-1);
    }

    @Test
    void marksFollowTheAudio_andCloseEndsAppends() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));

        assertThat(await(gateway.markAudio(id, gen, AudioMark.FINALIZE))).isEqualTo(new Done());
        await(gateway.appendAudio(id, gen, chunk(0, 1600)));
        assertThat(await(gateway.markAudio(id, gen, AudioMark.FINALIZE))).isEqualTo(new Done());
        assertThat(await(gateway.markAudio(id, gen, AudioMark.FINALIZE))).isEqualTo(new AlreadyDone());
        await(gateway.appendAudio(id, gen, chunk(1600, 1600)));
        assertThat(await(gateway.markAudio(id, gen, AudioMark.CLOSE))).isEqualTo(new Done());

        assertThat(await(gateway.appendAudio(id, gen, chunk(3200, 1600)))).isEqualTo(new AudioClosed(3200));
        assertThat(redis.admin().xrange(StoreKeys.audio(id), io.lettuce.core.Range.create("-", "+")))
                .extracting(StreamMessage::getId).containsExactly("0-1", "1600-0", "1600-1", "3200-0");
        assertThat(inspect(id).phase()).isEqualTo(SessionPhase.CLOSING);
    }

    @Test
    @DisplayName("H31: take-over succeeds only once the owner's lease is gone, and the replaced owner cannot publish")
    void takeOverOnlyWhenTheOwnersLeaseIsGone_andTheOldEpochIsFenced_H31() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 16_000)));
        await(leases.acquire(NodeRole.WORKER, WORKER_A, LEASE));
        await(leases.acquire(NodeRole.WORKER, WORKER_B, LEASE));

        WorkerFence a = tookOver(workerA, id).fence();
        assertThat(a).isEqualTo(new WorkerFence(WORKER_A, 1));
        assertThat(await(workerB.takeOver(id))).isEqualTo(new TakeOverOutcome.OwnerAlive(WORKER_A, 1));
        assertThat(await(workerA.publishFinal(id, a, finalResult(0, 4000)))).isEqualTo(new PublishOutcome.Published(1, 4000));

        await(leases.release(NodeRole.WORKER, WORKER_A)); // A's lease lapses (paused past it)
        TakeOverOutcome.TookOver b = tookOver(workerB, id);
        assertThat(b.fence()).isEqualTo(new WorkerFence(WORKER_B, 2));
        assertThat(b.watermark()).isEqualTo(4000);
        assertThat(b.lastSeq()).isEqualTo(1);

        assertThat(await(workerA.publishFinal(id, a, finalResult(4000, 8000)))).isEqualTo(new StaleOwner("fencing-worker-b", 2));
        assertThat(await(workerA.publishInterim(id, a, interim(4000, 6000)))).isEqualTo(new StaleOwner("fencing-worker-b", 2));
        assertThat(await(workerA.finish(id, a, Duration.ofSeconds(1), "done"))).isEqualTo(new StaleOwner("fencing-worker-b", 2));
        assertThat(await(workerB.publishFinal(id, b.fence(), finalResult(4000, 8000)))).isEqualTo(new PublishOutcome.Published(2, 8000));
        assertThat(outboxIds(id)).containsExactly("1-0", "2-0");
        await(leases.acquire(NodeRole.WORKER, WORKER_A, LEASE));
    }

    @Test
    void takeOverIsRefused_whenTheCallersOwnLeaseIsGone() {
        SessionId id = newSessionId();
        created(gateway, newSession(id));
        LettuceWorkerStoreAdapter dead = new LettuceWorkerStoreAdapter(connections, new NodeId("never-leased"));
        try {
            assertThat(await(dead.takeOver(id))).isEqualTo(new TakeOverOutcome.NoLease());
            assertThat(await(dead.takeOver(newSessionId()))).isEqualTo(new NotFound());
        } finally {
            dead.close();
        }
    }

    @Test
    void aFinalItsSeqTheWatermarkAndTheAudioTrimMoveTogether() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        for (int i = 0; i < 10; i++) {
            await(gateway.appendAudio(id, gen, chunk(i * 1600L, 1600)));
        }
        WorkerFence fence = ownedBy(workerA, id);

        assertThat(await(workerA.publishFinal(id, fence, finalResult(100, 4000)))).isEqualTo(new PublishOutcome.Published(1, 4000));
        InspectOutcome.Inspected after = inspect(id);
        assertThat(after.lastSeq()).isEqualTo(1);
        assertThat(after.watermark()).isEqualTo(4000);
        // the chunk [3200, 4800) holds the watermark and stays; everything before it is gone
        assertThat(audioIds(id).getFirst()).isEqualTo("3200-1");
        assertThat(outboxIds(id)).containsExactly("1-0");

        assertThat(await(workerA.publishFinal(id, fence, finalResult(100, 4000)))).isEqualTo(new PublishOutcome.AlreadyCovered(1, 4000));
        assertThat(await(workerA.publishFinal(id, fence, finalResult(3000, 6000)))).isEqualTo(new PublishOutcome.OverlapsWatermark(1, 4000));
        assertThat(await(workerA.publishFinal(id, fence, finalResult(4800, 6400)))).isEqualTo(new PublishOutcome.Published(2, 6400));
        assertThat(audioIds(id).getFirst()).isEqualTo("6400-1");
        assertThat(inspect(id).watermark()).isEqualTo(6400);
    }

    @Test
    void interimsAreNumberedAsTheNextFinal_andTheFinalSupersedesThem() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 8000)));
        WorkerFence fence = ownedBy(workerA, id);

        assertThat(await(workerA.publishInterim(id, fence, interim(0, 2000)))).isEqualTo(new PublishOutcome.Published(1, 0));
        assertThat(await(workerA.publishInterim(id, fence, interim(0, 4000)))).isEqualTo(new PublishOutcome.Published(1, 0));
        assertThat(outboxIds(id)).containsExactly("0-1", "0-2");

        await(workerA.publishFinal(id, fence, finalResult(0, 4000)));
        assertThat(outboxIds(id)).containsExactly("1-0");
        assertThat(await(workerA.publishInterim(id, fence, interim(0, 3000)))).isEqualTo(new PublishOutcome.AlreadyCovered(1, 4000));
    }

    @Test
    void theOutboxKeepsItsCapacityOfFinals() {
        SessionId id = newSessionId();
        await(gateway.create(new NewSession(id, StoreFixtures.FORMAT, TOKEN, StoreFixtures.GATEWAY, Duration.ofSeconds(30), 3)));
        await(gateway.appendAudio(id, new Generation(1), chunk(0, 5000)));
        WorkerFence fence = ownedBy(workerA, id);
        for (int i = 0; i < 5; i++) {
            await(workerA.publishFinal(id, fence, finalResult(i * 1000L, (i + 1) * 1000L)));
        }
        assertThat(outboxIds(id)).containsExactly("3-0", "4-0", "5-0");
    }

    @Test
    void retentionReleasesAudioNoFinalCovered_andTakeOverSaysFromWhere() {
        SessionId id = newSessionId();
        await(gateway.create(new NewSession(id, StoreFixtures.FORMAT, TOKEN, StoreFixtures.GATEWAY, Duration.ofSeconds(1), 100)));
        for (int i = 0; i < 30; i++) {
            await(gateway.appendAudio(id, new Generation(1), chunk(i * 1600L, 1600)));
        }
        TakeOverOutcome.TookOver took = tookOver(workerA, id);
        assertThat(took.releasedUntil()).isEqualTo(48_000 - 16_000);
        assertThat(took.replayFrom()).isEqualTo(32_000);
        assertThat(audioIds(id).getFirst()).isEqualTo("32000-1");
    }

    @Test
    void finishEndsTheSession_leavesTheOutboxForTheGracePeriod_andRefusesLaterWrites() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 3200)));
        WorkerFence fence = ownedBy(workerA, id);
        await(workerA.publishFinal(id, fence, finalResult(0, 3200)));

        assertThat(await(workerA.finish(id, fence, Duration.ofSeconds(30), "closed"))).isEqualTo(new Done());

        assertThat(outboxIds(id)).containsExactly("1-0", "1-1");
        assertThat(redis.admin().exists(StoreKeys.audio(id))).isZero();
        assertThat(redis.admin().pttl(StoreKeys.transcripts(id))).isPositive();
        assertThat(await(workerA.publishFinal(id, fence, finalResult(3200, 3300)))).isEqualTo(new SessionEnded());
        assertThat(await(workerB.takeOver(id))).isEqualTo(new SessionEnded());
        assertThat(inspect(id).phase()).isEqualTo(SessionPhase.ENDED);
    }

    @Test
    void releaseLetsAnotherWorkerTakeOverAtOnce() {
        SessionId id = newSessionId();
        created(gateway, newSession(id));
        WorkerFence a = ownedBy(workerA, id);
        await(leases.acquire(NodeRole.WORKER, WORKER_B, LEASE));

        assertThat(await(workerA.release(id, a))).isEqualTo(new Done());
        assertThat(tookOver(workerB, id).fence()).isEqualTo(new WorkerFence(WORKER_B, 2));
        assertThat(await(workerA.release(id, a))).isEqualTo(new StaleOwner("fencing-worker-b", 2));
    }

    private static WorkerFence ownedBy(LettuceWorkerStoreAdapter worker, SessionId id) {
        await(leases.acquire(NodeRole.WORKER, worker.worker(), LEASE));
        return tookOver(worker, id).fence();
    }

    private static TakeOverOutcome.TookOver tookOver(LettuceWorkerStoreAdapter worker, SessionId id) {
        TakeOverOutcome outcome = await(worker.takeOver(id));
        assertThat(outcome).isInstanceOf(TakeOverOutcome.TookOver.class);
        return (TakeOverOutcome.TookOver) outcome;
    }

    private static InspectOutcome.Inspected inspect(SessionId id) {
        return (InspectOutcome.Inspected) await(gateway.inspect(id));
    }

    private static long generationOf(SessionId id) {
        return inspect(id).generation().value();
    }

    private static List<String> outboxIds(SessionId id) {
        return redis.admin().xrange(StoreKeys.transcripts(id), io.lettuce.core.Range.create("-", "+"))
                .stream().map(StreamMessage::getId).toList();
    }

    private static List<String> audioIds(SessionId id) {
        return redis.admin().xrange(StoreKeys.audio(id), io.lettuce.core.Range.create("-", "+"))
                .stream().map(StreamMessage::getId).toList();
    }
}
