package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.Assignment;
import dev.hark.application.port.outbound.store.AssignmentBatch;
import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.SessionEnded;
import dev.hark.application.port.outbound.store.StaleOwner;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.application.port.outbound.store.WorkerSessionStorePort;
import dev.hark.application.port.outbound.store.WorkerWriteOutcome;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One worker's side of the store on Redis: fenced function calls on the shared connection, the
 * assignment queue on a connection of its own, audio followed over dedicated reader connections.
 */
public final class LettuceWorkerStoreAdapter implements WorkerSessionStorePort, AutoCloseable {

    private final NodeId worker;
    private final FunctionCalls calls;
    private final Assignments assignments;
    private final StreamFollower follower;

    /** Opens the worker's dedicated connections (blocking, at start). */
    public LettuceWorkerStoreAdapter(RedisConnections connections, NodeId worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.calls = new FunctionCalls(connections);
        this.assignments = Assignments.reader(connections, "hark-assign-reader-" + worker.value());
        this.follower = new StreamFollower(connections, "hark-audio-reader-" + worker.value());
    }

    @Override
    public NodeId worker() {
        return worker;
    }

    @Override
    public CompletionStage<AssignmentBatch> nextAssignments(int max, Duration block) {
        return assignments.next(worker, max, block);
    }

    @Override
    public CompletionStage<AssignmentBatch> reclaimAssignments(Duration minIdle, int max) {
        return assignments.reclaim(worker, minIdle, max);
    }

    @Override
    public CompletionStage<StoreAck> acknowledge(Assignment assignment) {
        return assignments.acknowledge(assignment);
    }

    @Override
    public CompletionStage<TakeOverOutcome> takeOver(SessionId id) {
        return calls.call(FunctionLibrary.TAKE_OVER, StoreKeys.all(id), FunctionArgs.of(worker.value()),
                reply -> switch (reply.status()) {
                    case "OK" -> new TakeOverOutcome.TookOver(new WorkerFence(worker, reply.number(1)),
                            StoredFormat.read(reply.string(7)), reply.number(2), reply.number(3), reply.number(4),
                            reply.number(5), SessionPhases.read(reply.string(6)));
                    case "OWNER_ALIVE" -> new TakeOverOutcome.OwnerAlive(new NodeId(reply.string(1)), reply.number(2));
                    case "NO_LEASE" -> new TakeOverOutcome.NoLease();
                    case "ENDED" -> new SessionEnded();
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply);
                },
                unavailable -> unavailable);
    }

    @Override
    public CompletionStage<PublishOutcome> publishFinal(SessionId id, WorkerFence fence, Hypothesis finalResult) {
        if (!finalResult.isFinal()) {
            throw new IllegalArgumentException("publishFinal takes a final hypothesis");
        }
        return publish(FunctionLibrary.PUBLISH_FINAL, id, fence, finalResult);
    }

    @Override
    public CompletionStage<PublishOutcome> publishInterim(SessionId id, WorkerFence fence, Hypothesis interim) {
        if (interim.isFinal()) {
            throw new IllegalArgumentException("publishInterim takes an interim hypothesis");
        }
        return publish(FunctionLibrary.PUBLISH_INTERIM, id, fence, interim);
    }

    @Override
    public CompletionStage<WorkerWriteOutcome> finish(SessionId id, WorkerFence fence, Duration grace, String reason) {
        return workerWrite(FunctionLibrary.FINISH, id,
                FunctionArgs.of(fence.worker().value(), fence.epoch(), grace.toMillis(), reason));
    }

    @Override
    public CompletionStage<WorkerWriteOutcome> release(SessionId id, WorkerFence fence) {
        return workerWrite(FunctionLibrary.RELEASE, id, FunctionArgs.of(fence.worker().value(), fence.epoch()));
    }

    @Override
    public StreamSubscription followAudio(SessionId id, long fromSample, StoreStreamListener<AudioEntry> listener) {
        return new AudioFollow(calls, follower, id, fromSample, listener).start();
    }

    /** Stops following; the connections belong to {@link RedisConnections}. */
    @Override
    public void close() {
        follower.close();
    }

    private CompletionStage<PublishOutcome> publish(String function, SessionId id, WorkerFence fence,
                                                    Hypothesis hypothesis) {
        return calls.call(function, StoreKeys.all(id),
                FunctionArgs.of(fence.worker().value(), fence.epoch(), hypothesis.span().start(),
                        hypothesis.span().end(), TranscriptPayload.encode(hypothesis)),
                reply -> switch (reply.status()) {
                    case "OK" -> new PublishOutcome.Published(reply.number(1), reply.number(2));
                    case "DUPLICATE" -> new PublishOutcome.AlreadyCovered(reply.number(1), reply.number(2));
                    case "OVERLAP" -> new PublishOutcome.OverlapsWatermark(reply.number(1), reply.number(2));
                    case "STALE" -> new StaleOwner(reply.string(1), reply.number(2));
                    case "ENDED" -> new SessionEnded();
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply);
                },
                unavailable -> unavailable);
    }

    private CompletionStage<WorkerWriteOutcome> workerWrite(String function, SessionId id, byte[][] args) {
        return calls.call(function, StoreKeys.all(id), args,
                reply -> switch (reply.status()) {
                    case "OK" -> new Done();
                    case "STALE" -> new StaleOwner(reply.string(1), reply.number(2));
                    case "ENDED" -> new SessionEnded();
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply);
                },
                unavailable -> unavailable);
    }
}
