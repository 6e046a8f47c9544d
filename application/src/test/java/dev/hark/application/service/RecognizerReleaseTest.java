package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
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
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H27: a detached session releases its recognizer stream, so dropped clients do not hold
 * capacity for the whole grace period; a resume opens one stream again and replays what no
 * final covered. Queueing lanes and a manual scheduler, so every step is the test's choice.
 */
class RecognizerReleaseTest {

    private static final Duration COOLDOWN = SessionSettings.DEFAULTS.resumeRules().cooldown();

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingChannel first = new RecordingChannel();
    private final RecordingChannel second = new RecordingChannel();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, metrics, SessionSettings.DEFAULTS);
    private StreamHandle handle;
    private String token;

    @Test
    void releasesTheStreamAtOnceWhenTheClientDrops_keepingWhatNoFinalCoveredInTheLedger_H27() {
        ScriptedStream stream = openWithAudio(16_000);
        listener(0).onHypothesis(finalOf("one", 0, 8_000));
        lanes.runAll();

        service.clientGone(handle);
        lanes.runAll();

        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(stream.gracefulCloses()).as("no forced final in the middle of an utterance").isZero();
        assertThat(service.activeProviderStreams()).isZero();
        assertThat(service.activeSessions()).as("still waiting for a resume").isEqualTo(1);
        assertThat(metrics.count("provider.released")).isEqualTo(1);
        scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(3));
        lanes.runAll();
        assertThat(recognizer.calls()).as("nothing reopens while nobody is attached").hasSize(1);
    }

    @Test
    void aResumeOpensOneStream_replaysWhatNoFinalCovered_andDeliversEveryFinalOnce_H27() {
        openWithAudio(16_000);
        listener(0).onHypothesis(finalOf("one", 0, 8_000));
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();
        listener(0).onHypothesis(finalOf("late", 8_000, 16_000)); // from the released stream: stale
        lanes.runAll();

        OpenOutcome outcome = resume(0);
        ScriptedStream reopened = recognizer.lastCall().succeed();
        lanes.runAll();
        listener(1).onHypothesis(finalOf("two", 0, 8_000));
        lanes.runAll();

        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        assertThat(recognizer.calls()).hasSize(2);
        assertThat(reopened.audio()).as("the audio after the acknowledged watermark, on the new stream's clock")
                .extracting(PcmChunk::span).first().isEqualTo(new SampleSpan(0, 1_600));
        assertThat(reopened.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(8_000);
        assertThat(second.sent(ServerMessage.TranscriptUpdate.class))
                .extracting(u -> u.transcript().seq() + " " + u.transcript().hypothesis().text() + " "
                        + u.transcript().hypothesis().span())
                .containsExactly("1 one " + new SampleSpan(0, 8_000), "2 two " + new SampleSpan(8_000, 16_000));
        assertThat(second.sent(ServerMessage.SessionStarted.class)).isEmpty();
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(1);
    }

    @Test
    void aStreamStillOpeningWhenTheClientDropsIsReleasedAsSoonAsItOpens_H27() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), "10.0.0.1"), first);
        handle = ((OpenOutcome.Opening) outcome).handle();
        lanes.runAll();
        service.pushAudio(handle, new byte[3_200]);
        service.clientGone(handle);
        lanes.runAll();

        ScriptedStream late = recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(late.aborts()).isEqualTo(1);
        assertThat(late.audio()).isEmpty();
        assertThat(service.activeProviderStreams()).isZero();
        assertThat(service.activeSessions()).isEqualTo(1);
    }

    @Test
    void aReconnectThatFallsDueWhileNobodyIsAttachedOpensNothingUntilAResume_H27() {
        openWithAudio(8_000);
        listener(0).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();

        scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(3));
        lanes.runAll();

        assertThat(recognizer.calls()).hasSize(1);
        assertThat(service.activeProviderStreams()).isZero();
        resume(0);
        ScriptedStream replacement = recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(recognizer.calls()).hasSize(2);
        assertThat(replacement.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(8_000);
    }

    @Test
    void aClientClosedForAProtocolViolationEndsTheSessionAtOnce_notResumable_H27() {
        ScriptedStream stream = openWithAudio(8_000);

        service.clientGone(handle, new ClientDeparture.Violated(ErrorCode.FRAME_TOO_LARGE, "close 1009: too big"));
        lanes.runAll();

        assertThat(service.activeSessions()).isZero();
        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).as("no grace timer").isZero();
        assertThat(metrics.count("rejections.FRAME_TOO_LARGE")).isEqualTo(1);
        assertThat(resume(0)).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
    }

    @Test
    void aSessionClosingOnTheClientsRequestKeepsItsStream_whenTheClientDrops() {
        ScriptedStream stream = openWithAudio(8_000);
        service.closeStream(handle);
        service.clientGone(handle);
        lanes.runAll();
        listener(0).onHypothesis(finalOf("last", 0, 8_000));
        listener(0).onClosed();
        lanes.runAll();

        resume(0);

        assertThat(stream.gracefulCloses()).isEqualTo(1);
        assertThat(metrics.count("provider.released")).isZero();
        assertThat(second.sent()).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("SessionResumed", "TranscriptUpdate", "SessionClosed");
        assertThat(recognizer.calls()).hasSize(1);
    }

    private ScriptedStream openWithAudio(int samples) {
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), "10.0.0.1"), first);
        handle = ((OpenOutcome.Opening) outcome).handle();
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        token = first.sent(ServerMessage.SessionStarted.class).getFirst().resumeToken().value();
        for (int pushed = 0; pushed < samples; pushed += 1_600) {
            service.pushAudio(handle, new byte[3_200]);
        }
        lanes.runAll();
        return stream;
    }

    private OpenOutcome resume(long lastSeq) {
        scheduler.advance(COOLDOWN);
        var stage = service.resume(new ResumeStreamCommand(handle.sessionId(), token, lastSeq, "10.0.0.2"), second)
                .toCompletableFuture();
        lanes.runAll();
        OpenOutcome outcome = stage.join();
        if (outcome instanceof OpenOutcome.Opening opening) {
            handle = opening.handle();
        }
        return outcome;
    }

    private RecognitionListener listener(int call) {
        return recognizer.calls().get(call).listener();
    }

    private static Hypothesis finalOf(String text, long start, long end) {
        return Hypothesis.finalResult(text, new SampleSpan(start, end), List.of());
    }
}
