package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.DrainUseCase.DrainReport;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The drain's steps on a manual clock: refuse, tell, wait, finalize, force. */
class DrainCoordinatorTest {

    private static final StreamOptions OPTIONS = new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536);
    private static final DrainSettings SETTINGS = new DrainSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(1));

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, metrics, SessionSettings.DEFAULTS);
    private final DrainCoordinator drain = new DrainCoordinator(service, scheduler, scheduler, SETTINGS);

    @Test
    @DisplayName("H29: attached clients hear the deadline, new sessions are refused with a retry hint")
    void tellsAttachedClientsAndRefusesNewSessions_H29() {
        RecordingChannel attached = new RecordingChannel();
        open(attached);
        recognizer.lastCall().succeed();
        lanes.runAll();

        drain.drain();
        lanes.runAll();

        assertThat(drain.draining()).isTrue();
        assertThat(attached.sent(ServerMessage.ServerDraining.class)).singleElement()
                .satisfies(notice -> assertThat(notice.remaining()).isEqualTo(Duration.ofSeconds(30)));
        OpenOutcome refused = service.open(new OpenStreamCommand(OPTIONS, "10.0.0.9"), new RecordingChannel());
        assertThat(refused).isInstanceOfSatisfying(OpenOutcome.Refused.class, r -> {
            assertThat(r.error().code()).isEqualTo(ErrorCode.SERVER_DRAINING);
            assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    @DisplayName("H29: at the deadline every final for the audio received is delivered, then session.closed, then 1001")
    void finalizesAtTheDeadline_deliveringTheLastFinalsThenClosing_H29() {
        RecordingChannel client = new RecordingChannel();
        StreamHandle handle = open(client);
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[6400]);
        lanes.runAll();
        recognizer.lastCall().listener().onProgress(3200); // decoded all of it: the watchdog stays quiet
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        lanes.runAll();

        scheduler.advance(Duration.ofSeconds(29));
        lanes.runAll();
        assertThat(stream.gracefulCloses()).isZero();
        scheduler.advance(Duration.ofSeconds(1));
        lanes.runAll();
        assertThat(stream.gracefulCloses()).isEqualTo(1);
        recognizer.lastCall().listener().onHypothesis(Hypothesis.finalResult("last words", new SampleSpan(0, 3200),
                List.of()));
        recognizer.lastCall().listener().onClosed();
        lanes.runAll();

        assertThat(client.sent()).last().isEqualTo(new ServerMessage.SessionClosed("server_draining"));
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().hypothesis().text())
                .containsExactly("last words");
        assertThat(client.closes()).containsExactly(ErrorCode.SERVER_SHUTTING_DOWN.name());
        assertThat(report).isCompletedWithValue(new DrainReport(1, 0, 1, 0));
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void endsAsSoonAsEveryClientHasFinished_beforeTheDeadline() {
        RecordingChannel client = new RecordingChannel();
        StreamHandle handle = open(client);
        recognizer.lastCall().succeed();
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        lanes.runAll();

        service.closeStream(handle);
        lanes.runAll();
        recognizer.lastCall().listener().onClosed();
        lanes.runAll();

        assertThat(report).isCompletedWithValue(new DrainReport(1, 1, 0, 0));
        assertThat(client.sent()).last().isEqualTo(new ServerMessage.SessionClosed("client_closed"));
        assertThat(scheduler.elapsed()).isZero();
    }

    @Test
    void aResumeDuringTheDrainIsAllowedAndHearsTheDeadline_andADetachedSessionEndsAtTheDeadline() {
        RecordingChannel first = new RecordingChannel();
        StreamHandle handle = open(first);
        recognizer.lastCall().succeed();
        lanes.runAll();
        String token = first.sent(ServerMessage.SessionStarted.class).get(0).resumeToken().value();
        service.clientGone(handle);
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        lanes.runAll();

        scheduler.advance(Duration.ofSeconds(1)); // past the reconnect cooldown
        lanes.runAll();
        RecordingChannel resumed = new RecordingChannel();
        CompletableFuture<OpenOutcome> outcome = service.resume(
                new ResumeStreamCommand(handle.sessionId(), token, 0, "10.0.0.2"), resumed).toCompletableFuture();
        lanes.runAll();
        assertThat(outcome.join()).isInstanceOf(OpenOutcome.Opening.class);
        assertThat(resumed.sent()).extracting(m -> (Object) m.getClass()).containsExactly(
                ServerMessage.SessionResumed.class, ServerMessage.ServerDraining.class);
        assertThat(resumed.sent(ServerMessage.ServerDraining.class).get(0).remaining())
                .as("what is really left, not the drain's whole timeout").isEqualTo(Duration.ofSeconds(29));

        service.clientGone(((OpenOutcome.Opening) outcome.join()).handle());
        lanes.runAll();
        scheduler.advance(Duration.ofSeconds(29));
        lanes.runAll();
        assertThat(report).isCompletedWithValue(new DrainReport(1, 0, 1, 0));
    }

    @Test
    @DisplayName("H27+H29: a detached session whose recognizer was released ends at the deadline without opening one")
    void aReleasedDetachedSessionEndsAtTheDeadline_withoutReopeningARecognizer_H27_H29() {
        RecordingChannel client = new RecordingChannel();
        StreamHandle handle = open(client);
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[6400]); // no final covers it: the ledger keeps it for a resume
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        lanes.runAll();
        scheduler.advance(Duration.ofSeconds(10)); // the client drops 10 s in: its grace would outlast the drain
        service.clientGone(handle);
        lanes.runAll();
        assertThat(stream.aborts()).as("released at once (H27)").isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(20));
        lanes.runAll();

        assertThat(report).as("ended at the deadline, not forced after the finalize bound")
                .isCompletedWithValue(new DrainReport(1, 0, 1, 0));
        assertThat(recognizer.calls()).as("no recognizer opened to decode audio nobody can receive").hasSize(1);
        assertThat(metrics.count("sessions.ended.drained_detached")).isEqualTo(1);
        assertThat(service.activeSessions()).isZero();
        assertThat(scheduler.pendingTasks()).as("grace timer and liveness check cancelled").isZero();
    }

    @Test
    @DisplayName("H27+H29: a client resuming a released session during the drain gets its finals, then session.closed")
    void aResumeOfAReleasedSessionDuringTheDrainIsFinalizedAtTheDeadline_H27_H29() {
        RecordingChannel first = new RecordingChannel();
        StreamHandle handle = open(first);
        recognizer.lastCall().succeed();
        lanes.runAll();
        String token = first.sent(ServerMessage.SessionStarted.class).get(0).resumeToken().value();
        service.pushAudio(handle, new byte[6400]);
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(25));
        lanes.runAll();
        RecordingChannel resumed = new RecordingChannel();
        service.resume(new ResumeStreamCommand(handle.sessionId(), token, 0, "10.0.0.2"), resumed);
        lanes.runAll();
        assertThat(recognizer.calls()).as("the resume reopens one stream").hasSize(2);

        scheduler.advance(Duration.ofSeconds(5)); // the deadline, with the new stream still opening
        lanes.runAll();
        ScriptedStream reopened = recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(reopened.audio().stream().mapToLong(c -> c.sampleCount()).sum())
                .as("the ledger replayed").isEqualTo(3200);
        assertThat(reopened.gracefulCloses()).as("then closed, as for close_stream").isEqualTo(1);
        recognizer.lastCall().listener().onHypothesis(Hypothesis.finalResult("kept words", new SampleSpan(0, 3200),
                List.of()));
        recognizer.lastCall().listener().onClosed();
        lanes.runAll();

        assertThat(resumed.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().hypothesis().text())
                .containsExactly("kept words");
        assertThat(resumed.sent()).last().isEqualTo(new ServerMessage.SessionClosed("server_draining"));
        assertThat(resumed.closes()).containsExactly(ErrorCode.SERVER_SHUTTING_DOWN.name());
        assertThat(report).isCompletedWithValue(new DrainReport(1, 0, 1, 0));
    }

    @Test
    void endsStragglersWithServerShuttingDown_afterTheFinalizeBound() {
        RecordingChannel client = new RecordingChannel();
        open(client);
        recognizer.lastCall().succeed();
        lanes.runAll();
        CompletableFuture<DrainReport> report = drain.drain().toCompletableFuture();
        lanes.runAll();
        scheduler.advance(Duration.ofSeconds(30));
        lanes.runAll();

        scheduler.advance(Duration.ofSeconds(10)); // the recognizer never answers the close
        lanes.runAll();

        assertThat(client.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.SERVER_SHUTTING_DOWN);
        assertThat(report).isCompletedWithValue(new DrainReport(1, 0, 0, 1));
    }

    @Test
    void aSecondDrainIsTheFirst() {
        CompletableFuture<DrainReport> first = drain.drain().toCompletableFuture();
        CompletableFuture<DrainReport> second = drain.drain().toCompletableFuture();

        assertThat(first).isCompletedWithValue(new DrainReport(0, 0, 0, 0));
        assertThat(second).isCompletedWithValue(new DrainReport(0, 0, 0, 0));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    private StreamHandle open(RecordingChannel channel) {
        OpenOutcome outcome = service.open(new OpenStreamCommand(OPTIONS, "10.0.0.1"), channel);
        lanes.runAll();
        return ((OpenOutcome.Opening) outcome).handle();
    }
}
