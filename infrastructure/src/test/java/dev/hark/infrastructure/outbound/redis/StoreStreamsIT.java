package dev.hark.infrastructure.outbound.redis;

import static dev.hark.infrastructure.outbound.redis.StoreFixtures.await;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.chunk;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.created;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.finalResult;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.interim;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSession;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.store.Assignment;
import dev.hark.application.port.outbound.store.AssignmentBatch;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading the store: the outbox and the audio ledger followed with blocking reads over one
 * reader connection, and the assignment queue. Blocking reads wait up to a minute here, so a
 * subscription that was not woken would miss every bound.
 */
class StoreStreamsIT {

    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final NodeId WORKER_A = new NodeId("streams-worker-a");
    private static final NodeId WORKER_B = new NodeId("streams-worker-b");

    private static RedisServerProcess redis;
    private static RedisConnections connections;
    private static LettuceGatewayStoreAdapter gateway;
    private static LettuceWorkerStoreAdapter workerA;
    private static LettuceWorkerStoreAdapter workerB;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
        RedisSettings defaults = RedisSettings.defaults(redis.uri());
        connections = RedisConnections.open(new RedisSettings(defaults.uri(), defaults.commandTimeout(),
                defaults.connectTimeout(), defaults.requestQueueSize(), defaults.reconnectMinDelay(),
                defaults.reconnectMaxDelay(), 1, Duration.ofMinutes(1), defaults.readBatch(), defaults.assignmentBacklog()));
        gateway = new LettuceGatewayStoreAdapter(connections);
        workerA = new LettuceWorkerStoreAdapter(connections, WORKER_A);
        workerB = new LettuceWorkerStoreAdapter(connections, WORKER_B);
        LettuceLeaseAdapter leases = new LettuceLeaseAdapter(connections);
        await(leases.acquire(NodeRole.WORKER, WORKER_A, Duration.ofMinutes(5)));
        await(leases.acquire(NodeRole.WORKER, WORKER_B, Duration.ofMinutes(5)));
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
    void aResumingGatewayGetsTheFinalsAfterItsLastSeq_thenLiveEntries() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 16_000)));
        WorkerFence fence = tookOver(workerA, id).fence();
        for (int i = 0; i < 3; i++) {
            await(workerA.publishFinal(id, fence, finalResult(i * 1000L, (i + 1) * 1000L)));
        }
        RecordingStreamListener<TranscriptEntry> client = new RecordingStreamListener<>();

        try (StreamSubscription ignored = gateway.followTranscripts(id, TranscriptCursor.afterFinal(1), client)) {
            await().atMost(BOUND).until(() -> client.entries.size() == 2);
            await(workerA.publishInterim(id, fence, interim(3000, 3500)));
            await(workerA.publishFinal(id, fence, finalResult(3000, 4000)));
            await(workerA.finish(id, fence, Duration.ofSeconds(30), "closed"));
            await().atMost(BOUND).until(() -> client.entries.getLast() instanceof TranscriptEntry.EndEntry);
        }

        List<TranscriptEntry> entries = client.entries;
        assertThat(entries.stream().filter(TranscriptEntry.FinalEntry.class::isInstance)
                .map(entry -> ((TranscriptEntry.FinalEntry) entry).transcript().seq())).containsExactly(2L, 3L, 4L);
        TranscriptEntry.FinalEntry last = (TranscriptEntry.FinalEntry) entries.get(entries.size() - 2);
        assertThat(last.transcript().hypothesis()).isEqualTo(finalResult(3000, 4000));
        // the interim may have been superseded before the reader saw it; if seen, it carries the next final's number
        entries.stream().filter(TranscriptEntry.InterimEntry.class::isInstance)
                .forEach(entry -> assertThat(((TranscriptEntry.InterimEntry) entry).transcript().seq()).isEqualTo(4));
        assertThat(entries.getLast()).isEqualTo(new TranscriptEntry.EndEntry(new TranscriptCursor(4, 1), "closed"));
    }

    @Test
    void aWorkerFollowsTheAudioFromTheWatermark_cutInsideAChunk_withMarksInOrder() {
        SessionId id = newSessionId();
        Generation gen = created(gateway, newSession(id));
        await(gateway.appendAudio(id, gen, chunk(0, 1600)));
        await(gateway.appendAudio(id, gen, chunk(1600, 1600)));
        RecordingStreamListener<AudioEntry> worker = new RecordingStreamListener<>();

        try (StreamSubscription ignored = workerA.followAudio(id, 2000, worker)) {
            await().atMost(BOUND).until(() -> worker.entries.size() == 1);
            await(gateway.markAudio(id, gen, AudioMark.FINALIZE));
            await(gateway.appendAudio(id, gen, chunk(3200, 1600)));
            await(gateway.markAudio(id, gen, AudioMark.CLOSE));
            await().atMost(BOUND).until(() -> worker.entries.size() == 4);
        }

        PcmChunk first = ((AudioEntry.ChunkEntry) worker.entries.get(0)).chunk();
        assertThat(first.span().start()).isEqualTo(2000);
        assertThat(first.span().end()).isEqualTo(3200);
        assertThat(first.pcm()[0]).isEqualTo((byte) 2000);
        assertThat(worker.entries.get(1)).isEqualTo(new AudioEntry.MarkEntry(AudioMark.FINALIZE, 3200));
        assertThat(((AudioEntry.ChunkEntry) worker.entries.get(2)).chunk().span().start()).isEqualTo(3200);
        assertThat(worker.entries.get(3)).isEqualTo(new AudioEntry.MarkEntry(AudioMark.CLOSE, 4800));
    }

    @Test
    void aNewSubscriptionIsServedAtOnce_whileTheReaderIsBlockedOnOthers() {
        SessionId quiet = newSessionId();
        SessionId busy = newSessionId();
        created(gateway, newSession(quiet));
        Generation gen = created(gateway, newSession(busy));
        RecordingStreamListener<AudioEntry> idle = new RecordingStreamListener<>();
        RecordingStreamListener<AudioEntry> fresh = new RecordingStreamListener<>();

        try (StreamSubscription blocked = workerA.followAudio(quiet, 0, idle);
             StreamSubscription added = workerA.followAudio(busy, 0, fresh)) {
            await(gateway.appendAudio(busy, gen, chunk(0, 1600)));
            await().atMost(BOUND).until(() -> fresh.entries.size() == 1);
        }
        assertThat(idle.entries).isEmpty();
    }

    @Test
    void anAssignmentIsDeliveredToOneWorker_andReclaimedWhenItWasNeverAcknowledged() {
        SessionId id = newSessionId();
        created(gateway, newSession(id));
        drain(workerA);
        drain(workerB);

        assertThat(await(gateway.requestWorker(id, AssignmentReason.NEW))).isEqualTo(new Done());
        List<Assignment> toA = assignments(await(workerA.nextAssignments(10, Duration.ofSeconds(5))));
        assertThat(toA).extracting(Assignment::sessionId, Assignment::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(id, AssignmentReason.NEW));

        // A dies before acknowledging: B claims it, takes the session over once A's lease is gone
        List<Assignment> toB = assignments(await(workerB.reclaimAssignments(Duration.ZERO, 10)));
        assertThat(toB).extracting(Assignment::id).containsExactly(toA.getFirst().id());
        assertThat(tookOver(workerB, id).fence().worker()).isEqualTo(WORKER_B);
        assertThat(await(workerB.acknowledge(toB.getFirst()))).isEqualTo(new Done());
        assertThat(assignments(await(workerA.reclaimAssignments(Duration.ZERO, 10)))).isEmpty();
    }

    @Test
    void aDuplicateAssignmentCostsOneRefusedTakeOver() {
        SessionId id = newSessionId();
        created(gateway, newSession(id));
        drain(workerA);
        drain(workerB);
        await(gateway.requestWorker(id, AssignmentReason.NEW));
        await(gateway.requestWorker(id, AssignmentReason.OWNER_LOST));

        List<Assignment> first = assignments(await(workerA.nextAssignments(1, Duration.ofSeconds(5))));
        List<Assignment> second = assignments(await(workerB.nextAssignments(1, Duration.ofSeconds(5))));

        assertThat(tookOver(workerA, first.getFirst().sessionId()).fence()).isEqualTo(new WorkerFence(WORKER_A, 1));
        assertThat(await(workerB.takeOver(second.getFirst().sessionId()))).isEqualTo(new TakeOverOutcome.OwnerAlive(WORKER_A, 1));
        await(workerA.acknowledge(first.getFirst()));
        await(workerB.acknowledge(second.getFirst()));
    }

    private static void drain(LettuceWorkerStoreAdapter worker) {
        List<Assignment> left;
        do {
            left = assignments(await(worker.nextAssignments(100, Duration.ofMillis(1))));
            left.forEach(assignment -> await(worker.acknowledge(assignment)));
        } while (!left.isEmpty());
        assignments(await(worker.reclaimAssignments(Duration.ZERO, 100))).forEach(assignment -> await(worker.acknowledge(assignment)));
    }

    private static List<Assignment> assignments(AssignmentBatch batch) {
        assertThat(batch).isInstanceOf(AssignmentBatch.Assignments.class);
        return ((AssignmentBatch.Assignments) batch).assignments();
    }

    private static TakeOverOutcome.TookOver tookOver(LettuceWorkerStoreAdapter worker, SessionId id) {
        TakeOverOutcome outcome = await(worker.takeOver(id));
        assertThat(outcome).isInstanceOf(TakeOverOutcome.TookOver.class);
        return (TakeOverOutcome.TookOver) outcome;
    }
}
