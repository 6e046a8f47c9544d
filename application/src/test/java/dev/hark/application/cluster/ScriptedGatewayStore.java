package dev.hark.application.cluster;

import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.AttachOutcome;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.GatewayWriteOutcome;
import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.SessionPhase;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A gateway's store that answers at once as scripted and records appends, worker requests and inspections. */
final class ScriptedGatewayStore implements GatewaySessionStorePort {
    final Deque<AppendOutcome> appendAnswers = new ArrayDeque<>();
    final List<Long> appended = new CopyOnWriteArrayList<>();
    final List<AssignmentReason> requests = new CopyOnWriteArrayList<>();
    final List<AudioMark> marks = new CopyOnWriteArrayList<>();
    final List<Duration> detaches = new CopyOnWriteArrayList<>();
    final AtomicInteger inspections = new AtomicInteger();
    volatile boolean alwaysUnavailable;
    volatile InspectOutcome inspection = owned(true);

    /** The session open, owned by worker w1, whose lease is alive or lapsed. */
    static InspectOutcome owned(boolean ownerAlive) {
        return new InspectOutcome.Inspected(Generation.FIRST, "g1", "w1", 1, ownerAlive, 0, 0, 0, 0, SessionPhase.OPEN);
    }

    @Override
    public CompletionStage<AppendOutcome> appendAudio(SessionId id, Generation generation, PcmChunk chunk) {
        appended.add(chunk.startSample());
        if (alwaysUnavailable) {
            return CompletableFuture.completedFuture(new Unavailable(Unavailable.Cause.DISCONNECTED, "down"));
        }
        AppendOutcome scripted = appendAnswers.pollFirst();
        return CompletableFuture.completedFuture(scripted != null ? scripted
                : new AppendOutcome.Appended(chunk.span().end()));
    }

    @Override
    public CompletionStage<StoreAck> requestWorker(SessionId id, AssignmentReason reason) {
        requests.add(reason);
        return CompletableFuture.completedFuture(new Done());
    }

    @Override
    public CompletionStage<InspectOutcome> inspect(SessionId id) {
        inspections.incrementAndGet();
        return CompletableFuture.completedFuture(inspection);
    }

    @Override
    public CompletionStage<CreateOutcome> create(NewSession session) {
        if (alwaysUnavailable) {
            return CompletableFuture.completedFuture(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));
        }
        return CompletableFuture.completedFuture(new CreateOutcome.Created(Generation.FIRST));
    }

    @Override
    public CompletionStage<AttachOutcome> attach(SessionId id, ResumeToken presented, NodeId gateway,
                                                 AttachPolicy policy) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> rotateToken(SessionId id, Generation generation, ResumeToken next) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> markAudio(SessionId id, Generation generation, AudioMark mark) {
        if (alwaysUnavailable) {
            return CompletableFuture.completedFuture(new Unavailable(Unavailable.Cause.DISCONNECTED, "down"));
        }
        marks.add(mark);
        return CompletableFuture.completedFuture(new Done());
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> detach(SessionId id, Generation generation, Duration grace) {
        if (alwaysUnavailable) {
            return CompletableFuture.completedFuture(new Unavailable(Unavailable.Cause.DISCONNECTED, "down"));
        }
        detaches.add(grace);
        return CompletableFuture.completedFuture(new Done());
    }

    @Override
    public StreamSubscription followTranscripts(SessionId id, TranscriptCursor after,
                                                StoreStreamListener<TranscriptEntry> listener) {
        return () -> {
        };
    }
}
