package dev.hark.application.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.store.Assignment;
import dev.hark.application.port.outbound.store.AssignmentBatch;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.LeaseOutcome;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.SessionPhase;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.application.port.outbound.store.StoreProbe;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.application.port.outbound.store.WorkerSessionStorePort;
import dev.hark.application.port.outbound.store.WorkerWriteOutcome;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker loop against scripted store ports: load-based taking, and what a lost lease does. */
class RecognizerWorkerTest {

    private static final NodeId WORKER = new NodeId("w1");
    private static final SessionId SESSION = new SessionId("session-0001");

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedStore store = new ScriptedStore();
    private final ScriptedLease lease = new ScriptedLease();
    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();

    private RecognizerWorker worker(int capacity) {
        return new RecognizerWorker(WORKER, store, lease, recognizer, scheduler, scheduler, ClusterMetricsPort.NONE,
                new ClusterSettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(500), capacity,
                        Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofSeconds(30), 100, Duration.ofSeconds(2)));
    }

    @Test
    void fullWorker_readsNoAssignmentUntilASessionEnds() {
        RecognizerWorker worker = worker(1);
        worker.start();

        assertThat(store.reads).containsExactly(1);
        store.deliver(new Assignment("1-0", SESSION, AssignmentReason.NEW));
        assertThat(worker.sessions()).isEqualTo(1);
        recognizer.lastCall().succeed();

        scheduler.advance(Duration.ofSeconds(5));
        assertThat(store.reads).as("a full worker leaves assignments to the others").containsExactly(1);
        assertThat(store.acknowledged).containsExactly("1-0");
    }

    @Test
    @DisplayName("H31: a lost lease drops every session and gives it back under the old fence")
    void lostLease_dropsSessionsAndReleasesThemUnderTheOldFence_H31() {
        RecognizerWorker worker = worker(4);
        worker.start();
        store.deliver(new Assignment("1-0", SESSION, AssignmentReason.NEW));
        recognizer.lastCall().succeed();

        lease.renewal = new LeaseOutcome.LeaseLost();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(worker.sessions()).isZero();
        assertThat(store.released).containsExactly(new WorkerFence(WORKER, 1));
        assertThat(recognizer.lastCall().future().join().isOpen()).as("local stream aborted").isFalse();
    }

    @Test
    void assignmentsADeadWorkerLeftPending_areReclaimedAfterTwoLeases_takenAndAcknowledged() {
        RecognizerWorker worker = worker(4);
        store.leftPendingByDeadWorkers.add(new Assignment("7-0", SESSION, AssignmentReason.OWNER_LOST));
        worker.start();

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(store.reclaimedIdle).containsExactly(Duration.ofSeconds(6));
        assertThat(worker.sessions()).isEqualTo(1);
        assertThat(store.acknowledged).containsExactly("7-0");
    }

    @Test
    void finishTheStoreDidNotAnswer_isRetried_soTheGatewayHearsTheClose() {
        RecognizerWorker worker = worker(4);
        worker.start();
        store.deliver(new Assignment("1-0", SESSION, AssignmentReason.NEW));
        recognizer.lastCall().succeed();
        store.finishAnswers.add(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));

        recognizer.lastCall().listener().onClosed();
        assertThat(store.finishes).as("first finish timed out").isEqualTo(1);
        assertThat(worker.sessions()).as("still held until the end entry is written").isEqualTo(1);

        scheduler.advance(Duration.ofMillis(100));

        assertThat(store.finishes).isEqualTo(2);
        assertThat(worker.sessions()).isZero();
    }

    private static final class ScriptedLease implements ProcessLeasePort {
        volatile LeaseOutcome renewal = new LeaseOutcome.LeaseHeld();

        @Override
        public CompletionStage<LeaseOutcome> acquire(NodeRole role, NodeId id, Duration ttl) {
            return CompletableFuture.completedFuture(new LeaseOutcome.LeaseHeld());
        }

        @Override
        public CompletionStage<LeaseOutcome> renew(NodeRole role, NodeId id, Duration ttl) {
            return CompletableFuture.completedFuture(renewal);
        }

        @Override
        public CompletionStage<StoreAck> release(NodeRole role, NodeId id) {
            return CompletableFuture.completedFuture(new Done());
        }

        @Override
        public CompletionStage<StoreProbe> probe() {
            return CompletableFuture.completedFuture(new StoreProbe.Reachable("run"));
        }
    }

    /** Assignment reads wait for the test; a take-over always succeeds at epoch 1. */
    private static final class ScriptedStore implements WorkerSessionStorePort {
        final List<Integer> reads = new CopyOnWriteArrayList<>();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<WorkerFence> released = new CopyOnWriteArrayList<>();
        final List<Assignment> leftPendingByDeadWorkers = new CopyOnWriteArrayList<>();
        final List<Duration> reclaimedIdle = new CopyOnWriteArrayList<>();
        final java.util.Queue<WorkerWriteOutcome> finishAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        volatile int finishes;
        private CompletableFuture<AssignmentBatch> pendingRead;

        void deliver(Assignment assignment) {
            CompletableFuture<AssignmentBatch> read = pendingRead;
            pendingRead = null;
            read.complete(new AssignmentBatch.Assignments(List.of(assignment)));
        }

        @Override
        public NodeId worker() {
            return WORKER;
        }

        @Override
        public CompletionStage<AssignmentBatch> nextAssignments(int max, Duration block) {
            reads.add(max);
            pendingRead = new CompletableFuture<>();
            return pendingRead;
        }

        @Override
        public CompletionStage<AssignmentBatch> reclaimAssignments(Duration minIdle, int max) {
            reclaimedIdle.add(minIdle);
            List<Assignment> claimed = List.copyOf(leftPendingByDeadWorkers);
            leftPendingByDeadWorkers.clear();
            return CompletableFuture.completedFuture(new AssignmentBatch.Assignments(claimed));
        }

        @Override
        public CompletionStage<StoreAck> acknowledge(Assignment assignment) {
            acknowledged.add(assignment.id());
            return CompletableFuture.completedFuture(new Done());
        }

        @Override
        public CompletionStage<TakeOverOutcome> takeOver(SessionId id) {
            return CompletableFuture.completedFuture(new TakeOverOutcome.TookOver(new WorkerFence(WORKER, 1),
                    AudioFormat.linear16Mono(16_000), 0, 0, 0, 0, SessionPhase.OPEN));
        }

        @Override
        public CompletionStage<PublishOutcome> publishFinal(SessionId id, WorkerFence fence, Hypothesis finalResult) {
            return CompletableFuture.completedFuture(new PublishOutcome.Published(1, finalResult.span().end()));
        }

        @Override
        public CompletionStage<PublishOutcome> publishInterim(SessionId id, WorkerFence fence, Hypothesis interim) {
            return CompletableFuture.completedFuture(new PublishOutcome.Published(0, 0));
        }

        @Override
        public CompletionStage<WorkerWriteOutcome> finish(SessionId id, WorkerFence fence, Duration grace, String reason) {
            finishes++;
            WorkerWriteOutcome answer = finishAnswers.poll();
            return CompletableFuture.completedFuture(answer == null ? new Done() : answer);
        }

        @Override
        public CompletionStage<WorkerWriteOutcome> release(SessionId id, WorkerFence fence) {
            released.add(fence);
            return CompletableFuture.completedFuture(new Done());
        }

        @Override
        public StreamSubscription followAudio(SessionId id, long fromSample, StoreStreamListener<AudioEntry> listener) {
            return () -> {
            };
        }
    }
}
