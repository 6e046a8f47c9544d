package dev.hark.application.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
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
import dev.hark.application.testing.ManualScheduler;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gateway's cluster stream against a scripted store, on a manual clock. */
class StoreRecognizerStreamTest {

    private static final SessionId STORE_ID = new SessionId("store-0001");
    private static final AudioFormat PCM = AudioFormat.linear16Mono(16_000);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedGatewayStore store = new ScriptedGatewayStore();
    private final RecordingListener listener = new RecordingListener();
    private final StoreRecognizerStream stream = new StoreRecognizerStream(STORE_ID, new SessionId("client-0001"),
            Generation.FIRST, store, scheduler, scheduler, ClusterMetricsPort.NONE,
            new ClusterSettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(500), 4,
                    Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), 100),
            listener);

    @Test
    @DisplayName("H35: an append the store could not take is retried; a later success loses nothing")
    void unavailableAppend_isRetriedUntilItLands_H35() {
        stream.start(follower -> () -> {
        });
        store.appendAnswers.add(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));
        store.appendAnswers.add(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));

        stream.sendAudio(chunk(0));
        stream.sendAudio(chunk(1600));
        scheduler.advance(Duration.ofMillis(250));

        assertThat(store.appended).containsExactly(0L, 0L, 0L, 1600L);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    @DisplayName("H35: a store away past storeOutageBound fails the stream once, as retryable (the core replays)")
    void storeAwayPastTheBound_failsTheStreamOnceAsRetryable_H35() {
        stream.start(follower -> () -> {
        });
        store.alwaysUnavailable = true;

        stream.sendAudio(chunk(0));
        scheduler.advance(Duration.ofSeconds(11));

        assertThat(listener.failures).hasSize(1);
        assertThat(listener.failures.getFirst().isRetryable()).isTrue();
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    @DisplayName("H32: an owner whose lease lapsed makes the gateway ask for a worker, at most once per half lease")
    void ownerWithoutLease_isReplacedOnRequest_H32() {
        stream.start(follower -> () -> {
        });
        store.inspection = new InspectOutcome.Inspected(Generation.FIRST, "g1", "w1", 1, false, 0, 0, 0, 0,
                SessionPhase.OPEN);

        // the open itself asked (NEW) at 0: checks at 0.5 s and 1 s wait; the one at 1.5 s asks again
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(store.requests).isEmpty();
        scheduler.advance(Duration.ofMillis(500));
        assertThat(store.requests).containsExactly(AssignmentReason.OWNER_LOST);

        scheduler.advance(Duration.ofMillis(1000));
        assertThat(store.requests).as("not again within half a lease").hasSize(1);
        scheduler.advance(Duration.ofMillis(500));
        assertThat(store.requests).hasSize(2);
    }

    private static PcmChunk chunk(long start) {
        return new PcmChunk(start, new byte[3200], PCM);
    }

    private static final class RecordingListener implements RecognitionListener {
        final List<RecognizerException> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onHypothesis(Hypothesis hypothesis) {
        }

        @Override
        public void onProgress(long processedSamples) {
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
        }

        @Override
        public void onClosed() {
        }

        @Override
        public void onFailed(RecognizerException failure) {
            failures.add(failure);
        }
    }

    private static final class ScriptedGatewayStore implements GatewaySessionStorePort {
        final Deque<AppendOutcome> appendAnswers = new ArrayDeque<>();
        final List<Long> appended = new CopyOnWriteArrayList<>();
        final List<AssignmentReason> requests = new CopyOnWriteArrayList<>();
        volatile boolean alwaysUnavailable;
        volatile InspectOutcome inspection = new InspectOutcome.Inspected(Generation.FIRST, "g1", "w1", 1, true, 0, 0,
                0, 0, SessionPhase.OPEN);

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
            return CompletableFuture.completedFuture(inspection);
        }

        @Override
        public CompletionStage<CreateOutcome> create(NewSession session) {
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
            return CompletableFuture.completedFuture(new Done());
        }

        @Override
        public CompletionStage<GatewayWriteOutcome> detach(SessionId id, Generation generation, Duration grace) {
            return CompletableFuture.completedFuture(new Done());
        }

        @Override
        public StreamSubscription followTranscripts(SessionId id, TranscriptCursor after,
                                                    StoreStreamListener<TranscriptEntry> listener) {
            return () -> {
            };
        }
    }
}
