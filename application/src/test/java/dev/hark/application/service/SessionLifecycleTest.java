package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeRules;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The session core's lifecycle with a queueing lane executor and a manual scheduler: the test
 * chooses every interleaving and moves time itself, so nothing here sleeps or races by accident.
 */
class SessionLifecycleTest {

    private static final Duration COOLDOWN = Duration.ofMillis(250);

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingChannel first = new RecordingChannel();
    private final RecordingChannel second = new RecordingChannel();
    private StreamingSessionService service = service(AttachPolicy.REJECT);
    private String token;

    private StreamingSessionService service(AttachPolicy policy) {
        return new StreamingSessionService(recognizer, new SequentialSecrets(), lanes, scheduler, scheduler, metrics,
                SessionSettings.DEFAULTS.withResumeRules(new ResumeRules(policy, COOLDOWN, Duration.ofSeconds(1))));
    }

    @Test
    void staleClientEventsOfAReplacedAttachmentChangeNothing_H1_H2() {
        StreamHandle old = openStarted();
        StreamHandle current = dropAndResume(old, 0);
        ScriptedStream stream = stream();
        int sentBefore = second.sent().size();

        service.pushAudio(old, new byte[320]);
        service.finalizeStream(old);
        service.closeStream(old);
        service.clientGone(old);
        lanes.runAll();

        assertThat(stream.audio()).isEmpty();
        assertThat(stream.finalizes()).isZero();
        assertThat(stream.gracefulCloses()).isZero();
        assertThat(second.sent()).hasSize(sentBefore);
        assertThat(second.closes()).isEmpty();
        assertThat(service.activeAttachments()).isEqualTo(1);
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(4);
        service.pushAudio(current, new byte[320]);
        lanes.runAll();
        assertThat(stream.audio()).hasSize(1);
    }

    @Test
    void aTimerOfAnOlderGenerationThatFiresAnywayChangesNothing_H3() {
        scheduler.ignoringCancellations();
        StreamHandle old = openStarted();
        dropAndResume(old, 0);

        scheduler.advance(SessionSettings.DEFAULTS.gracePeriod().plusSeconds(1));
        lanes.runAll();

        assertThat(service.activeSessions()).isEqualTo(1);
        assertThat(service.activeAttachments()).isEqualTo(1);
        assertThat(stream().aborts()).isZero();
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(1);
        assertThat(metrics.count("sessions.ended.grace_expired")).isZero();
    }

    @Test
    void staleEventsOfAReplacedProviderStreamChangeNothing_H1_H9() {
        open();
        lanes.runAll();
        ScriptedRecognizer.OpenCall dead = recognizer.lastCall();
        ScriptedStream deadStream = new ScriptedStream();
        deadStream.abort();
        dead.future().complete(deadStream);
        lanes.runAll();
        assertThat(recognizer.calls()).as("a stream closed before hand-out is replaced").hasSize(2);
        recognizer.lastCall().succeed();
        lanes.runAll();
        int sentBefore = first.sent().size();

        RecognitionListener staleListener = dead.listener();
        staleListener.onHypothesis(Hypothesis.finalResult("ghost", new SampleSpan(0, 10), List.of()));
        staleListener.onFailed(new RecognizerException(ClientError.of(ErrorCode.PROVIDER_ERROR, "old stream died")));
        staleListener.onClosed();
        lanes.runAll();

        assertThat(first.sent()).hasSize(sentBefore);
        assertThat(first.closes()).isEmpty();
        assertThat(service.activeSessions()).isEqualTo(1);
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(3);
    }

    @Test
    void resumeMidUtteranceDeliversEveryFinalExactlyOnceInOrder_H14_H15() {
        StreamHandle old = openStarted();
        RecognitionListener listener = recognizer.lastCall().listener();
        listener.onHypothesis(finalText("one"));
        listener.onHypothesis(finalText("two"));
        lanes.runAll();
        service.pushAudio(old, new byte[3200]);
        lanes.runAll();

        service.clientGone(old);
        lanes.runAll();
        listener.onHypothesis(finalText("lost")); // the released stream (H27): stale
        lanes.runAll();
        scheduler.advance(COOLDOWN);
        OpenOutcome outcome = resume(1, second);
        recognizer.lastCall().succeed();
        lanes.runAll();
        RecognitionListener reopened = recognizer.lastCall().listener();
        reopened.onHypothesis(Hypothesis.interim("thr", new SampleSpan(0, 10), List.of()));
        reopened.onHypothesis(Hypothesis.finalResult("three", new SampleSpan(0, 800), List.of()));
        reopened.onHypothesis(Hypothesis.finalResult("four", new SampleSpan(800, 1600), List.of()));
        lanes.runAll();

        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        List<ServerMessage> received = second.sent();
        assertThat(received.getFirst()).isInstanceOfSatisfying(ServerMessage.SessionResumed.class, resumed -> {
            assertThat(resumed.generation()).isEqualTo(new Generation(2));
            assertThat(resumed.audioEndSamples()).isEqualTo(1600);
            assertThat(resumed.resumeToken().matches(token)).isFalse();
        });
        assertThat(second.sent(ServerMessage.TranscriptUpdate.class))
                .extracting(u -> u.transcript().seq() + " " + u.transcript().hypothesis().text())
                .containsExactly("2 two", "3 three", "4 four");
        assertThat(first.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().seq())
                .containsExactly(1L, 2L);
        assertThat(metrics.count("sessions.resumed")).isEqualTo(1);
    }

    @Test
    void secondClientIsRejectedWhileTheFirstIsAttached_H11() {
        openStarted();
        scheduler.advance(COOLDOWN);

        OpenOutcome outcome = resume(0, second);

        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_BUSY);
            assertThat(refused.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(first.closes()).isEmpty();
        recognizer.lastCall().listener().onHypothesis(finalText("still mine"));
        lanes.runAll();
        assertThat(first.sent(ServerMessage.TranscriptUpdate.class)).hasSize(1);
        assertThat(second.sent()).isEmpty();
        assertThat(metrics.count("rejections.SESSION_BUSY")).isEqualTo(1);
    }

    @Test
    void takeoverClosesTheOldClientAndRoutesEverythingToTheNewOne_H11_H12_H14() {
        service = service(AttachPolicy.TAKEOVER);
        StreamHandle old = openStarted();
        scheduler.advance(COOLDOWN);

        OpenOutcome outcome = resume(0, second);
        service.clientGone(old);
        recognizer.lastCall().listener().onHypothesis(finalText("for the new client"));
        lanes.runAll();

        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        assertThat(first.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.SESSION_TAKEN_OVER);
        assertThat(first.closes()).first().isEqualTo("SESSION_TAKEN_OVER");
        assertThat(first.sent(ServerMessage.TranscriptUpdate.class)).isEmpty();
        assertThat(second.sent(ServerMessage.TranscriptUpdate.class)).hasSize(1);
        assertThat(service.activeAttachments()).as("the old socket's late close is stale").isEqualTo(1);
    }

    @Test
    void wrongTokenIsDeniedAndTheSessionIsUntouched_H16() {
        StreamHandle old = openStarted();
        service.clientGone(old);
        lanes.runAll();
        scheduler.advance(COOLDOWN);

        OpenOutcome outcome = resume(new ResumeStreamCommand(old.sessionId(), "not-the-token-at-all", 0, "10.0.0.2"), second);

        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RESUME_DENIED));
        assertThat(second.sent()).isEmpty();
        assertThat(resume(0, second)).as("the right token still works").isInstanceOf(OpenOutcome.Opening.class);
    }

    @Test
    void unknownSessionIsNotFound() {
        OpenOutcome outcome = resume(new ResumeStreamCommand(new dev.hark.domain.session.SessionId("nobody-here"),
                "whatever-token-value", 0, "10.0.0.2"), second);
        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
    }

    @Test
    void graceExpiryEndsTheSessionAndAResumeAfterItIsNotFound_H13() {
        StreamHandle old = openStarted();
        ScriptedStream stream = stream();
        service.clientGone(old);
        lanes.runAll();

        scheduler.advance(SessionSettings.DEFAULTS.gracePeriod());
        lanes.runAll();

        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(service.activeSessions()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(metrics.count("sessions.ended.grace_expired")).isEqualTo(1);
        assertThat(resume(0, second)).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
    }

    @Test
    void finalsFlushedWhileDetachedReachTheResumingClientBeforeSessionClosed() {
        StreamHandle old = openStarted();
        service.closeStream(old);
        service.clientGone(old);
        lanes.runAll();
        RecognitionListener listener = recognizer.lastCall().listener();
        listener.onHypothesis(finalText("last words"));
        listener.onClosed();
        lanes.runAll();
        assertThat(service.activeSessions()).as("kept for a resume").isEqualTo(1);
        scheduler.advance(COOLDOWN);

        resume(0, second);

        assertThat(second.sent()).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("SessionResumed", "TranscriptUpdate", "SessionClosed");
        assertThat(second.closes()).containsExactly("normal");
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void reconnectingTooSoonIsRefusedWithAHint_H17() {
        StreamHandle old = openStarted();
        service.clientGone(old);
        lanes.runAll();

        OpenOutcome outcome = resume(0, second);

        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.RECONNECT_TOO_SOON);
            assertThat(refused.error().retryAfter()).isPositive().isLessThanOrEqualTo(COOLDOWN);
        });
    }

    @Test
    void anAddressThatAttachesTooOftenIsToldToWait_H17() {
        for (int i = 0; i < SessionSettings.DEFAULTS.addressBurst(); i++) {
            assertThat(service.open(command("10.9.9.9"), new RecordingChannel())).isInstanceOf(OpenOutcome.Opening.class);
        }
        OpenOutcome outcome = service.open(command("10.9.9.9"), new RecordingChannel());
        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RECONNECT_TOO_SOON));
        assertThat(service.open(command("10.9.9.10"), new RecordingChannel())).isInstanceOf(OpenOutcome.Opening.class);
    }

    @Test
    void hundredRapidDropAndResumeCyclesLeaveNothingBehind_H13_H17() {
        StreamHandle handle = openStarted();
        RecordingChannel current = first;
        for (int cycle = 0; cycle < 100; cycle++) {
            service.clientGone(handle);
            lanes.runAll();
            scheduler.advance(COOLDOWN);
            RecordingChannel next = new RecordingChannel();
            OpenOutcome outcome = resume(new ResumeStreamCommand(handle.sessionId(), token, 0, "10.0.0." + cycle), next);
            assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
            handle = ((OpenOutcome.Opening) outcome).handle();
            token = ((ServerMessage.SessionResumed) next.sent().getFirst()).resumeToken().value();
            current = next;
            recognizer.lastCall().succeed(); // each resume reopens the stream the drop released (H27)
            lanes.runAll();
        }
        assertThat(handle.generation()).isEqualTo(new Generation(101));
        assertThat(scheduler.pendingTasks()).as("only the session's liveness check, no leaked grace timers").isEqualTo(1);
        assertThat(recognizer.calls()).as("one stream per attachment, never two at once").hasSize(101);
        assertThat(service.activeProviderStreams()).isEqualTo(1);

        service.clientGone(handle);
        lanes.runAll();
        scheduler.advance(SessionSettings.DEFAULTS.gracePeriod());
        lanes.runAll();

        assertThat(current.sent()).isNotEmpty();
        assertThat(service.activeSessions()).isZero();
        assertThat(service.activeAttachments()).isZero();
        assertThat(service.activeProviderStreams()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(recognizer.calls()).extracting(call -> ((ScriptedStream) call.future().join()).aborts())
                .as("every stream released exactly once").containsOnly(1);
    }

    @Test
    void connectThatNeverCompletesFailsTheSessionAfterTheTimeout_H8() {
        open();
        lanes.runAll();
        scheduler.advance(SessionSettings.DEFAULTS.providerConnectTimeout().minusMillis(1));
        lanes.runAll();
        assertThat(first.sent()).isEmpty();

        scheduler.advance(Duration.ofMillis(1));
        lanes.runAll();

        assertThat(first.sent(ServerMessage.ErrorNotice.class)).singleElement().satisfies(notice -> {
            assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_TIMEOUT);
            assertThat(notice.error().hasRetryHint()).isTrue();
        });
        assertThat(service.activeSessions()).isZero();
        ScriptedStream late = recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(late.aborts()).as("a stream that opens after the timeout is released").isEqualTo(1);
    }

    @Test
    void staleAndCurrentAudioInterleavedKeepTheClockAndTheStreamConsistent_H4() {
        StreamHandle old = openStarted();
        StreamHandle current = dropAndResume(old, 0);
        ScriptedStream stream = stream();
        for (int i = 0; i < 50; i++) {
            service.pushAudio(i % 2 == 0 ? old : current, new byte[320]);
        }
        lanes.runAll();

        assertThat(stream.audio()).hasSize(25);
        long expectedStart = 0;
        for (PcmChunk chunk : stream.audio()) {
            assertThat(chunk.startSample()).isEqualTo(expectedStart);
            expectedStart = chunk.span().end();
        }
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(25);
    }

    @Test
    void aResumeWhoseAnswerWasLostCanBeRepeatedWithTheSameToken_untilTheNewClientSpeaks_H25() {
        StreamHandle old = openStarted();
        service.clientGone(old);
        lanes.runAll();
        scheduler.advance(COOLDOWN);
        OpenOutcome lost = resume(0, new RecordingChannel());
        service.clientGone(((OpenOutcome.Opening) lost).handle()); // dropped before the answer was read
        lanes.runAll();
        scheduler.advance(COOLDOWN);

        OpenOutcome again = resume(0, second);

        assertThat(again).as("the only token the client knows still works").isInstanceOf(OpenOutcome.Opening.class);
        StreamHandle current = ((OpenOutcome.Opening) again).handle();
        assertThat(current.generation()).isEqualTo(new Generation(3));
        String rotated = second.sent(ServerMessage.SessionResumed.class).getFirst().resumeToken().value();
        service.keepAlive(current); // the new attachment proves it works: the rotation commits
        service.clientGone(current);
        lanes.runAll();
        scheduler.advance(COOLDOWN);
        assertThat(resume(0, new RecordingChannel())).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RESUME_DENIED));
        token = rotated;
        assertThat(resume(0, new RecordingChannel())).isInstanceOf(OpenOutcome.Opening.class);
    }

    @Test
    void aResumeThatFailsOnTheLaneAnswersTheNewcomerAtOnce_andEndsTheSession_H26() {
        StreamHandle old = openStarted();
        service.clientGone(old);
        lanes.runAll();
        scheduler.advance(COOLDOWN);
        ClientChannelPort breaksOnResumed = new ClientChannelPort() {
            @Override
            public void send(ServerMessage message) {
                if (message instanceof ServerMessage.SessionResumed) {
                    throw new IllegalStateException("the channel broke the port's promise");
                }
            }

            @Override
            public void closeNormally() {
            }

            @Override
            public void closeFor(ErrorCode reason) {
            }
        };

        var stage = service.resume(new ResumeStreamCommand(old.sessionId(), token, 0, "10.0.0.2"), breaksOnResumed)
                .toCompletableFuture();
        lanes.runAll();

        assertThat(stage).as("the newcomer is refused at once, not left until its idle timeout")
                .isCompletedExceptionally();
        assertThat(service.activeSessions()).isZero();
        assertThat(metrics.count("internal_errors")).isEqualTo(1);
    }

    @Test
    void theCooldownIsMeasuredOnTheTicker_notOnAWallClockThatSteps_H17() {
        StreamHandle old = openStarted();
        service.clientGone(old);
        lanes.runAll();

        scheduler.stepWallClock(Duration.ofHours(1));

        assertThat(resume(0, second)).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RECONNECT_TOO_SOON));
    }

    @Test
    void aLaneHandOffThatFailsInACallbackOrATimerIsCounted_neverSwallowedOrThrownIntoTheTimer() {
        AtomicBoolean rejecting = new AtomicBoolean();
        Executor gate = task -> {
            if (rejecting.get()) {
                throw new RejectedExecutionException("lane pool stopped");
            }
            lanes.execute(task);
        };
        StreamingSessionService gated = new StreamingSessionService(recognizer, new SequentialSecrets(), gate,
                scheduler, scheduler, metrics, SessionSettings.DEFAULTS);
        gated.open(command("10.0.0.1"), first);
        lanes.runAll();
        rejecting.set(true);
        recognizer.lastCall().succeed(); // its completion callback cannot reach the lane
        assertThat(metrics.count("internal_errors")).as("not swallowed by the future").isEqualTo(1);

        rejecting.set(false);
        gated.open(command("10.0.0.1"), second);
        lanes.runAll();
        recognizer.lastCall().succeed();
        lanes.runAll();
        rejecting.set(true);
        scheduler.advance(Duration.ofSeconds(1)); // the liveness timer's body cannot reach the lane either

        assertThat(metrics.count("internal_errors")).as("not thrown into the timer thread").isEqualTo(2);
    }

    private StreamHandle openStarted() {
        StreamHandle handle = open();
        lanes.runAll();
        recognizer.lastCall().succeed();
        lanes.runAll();
        token = first.sent(ServerMessage.SessionStarted.class).getFirst().resumeToken().value();
        return handle;
    }

    private StreamHandle open() {
        OpenOutcome outcome = service.open(command("10.0.0.1"), first);
        return ((OpenOutcome.Opening) outcome).handle();
    }

    /** The client drops, which releases its stream (H27); the resume opens a new one. */
    private StreamHandle dropAndResume(StreamHandle old, long lastSeq) {
        service.clientGone(old);
        lanes.runAll();
        scheduler.advance(COOLDOWN);
        OpenOutcome outcome = resume(lastSeq, second);
        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        recognizer.lastCall().succeed();
        lanes.runAll();
        return ((OpenOutcome.Opening) outcome).handle();
    }

    private OpenOutcome resume(long lastSeq, RecordingChannel channel) {
        StreamHandle any = new StreamHandle(recognizer.lastCall().request().sessionId(), Generation.FIRST);
        return resume(new ResumeStreamCommand(any.sessionId(), token, lastSeq, "10.0.0.2"), channel);
    }

    private OpenOutcome resume(ResumeStreamCommand command, RecordingChannel channel) {
        var stage = service.resume(command, channel).toCompletableFuture();
        lanes.runAll();
        assertThat(stage).isDone();
        return stage.join();
    }

    /** The session's current recognizer stream. */
    private ScriptedStream stream() {
        return (ScriptedStream) recognizer.lastCall().future().join();
    }

    private static OpenStreamCommand command(String address) {
        return new OpenStreamCommand(new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), address);
    }

    private long nextSample;

    /** A final for the next 10 samples, so finals tile the clock as a recognizer's do. */
    private Hypothesis finalText(String text) {
        nextSample += 10;
        return Hypothesis.finalResult(text, new SampleSpan(nextSample - 10, nextSample), List.of());
    }
}
