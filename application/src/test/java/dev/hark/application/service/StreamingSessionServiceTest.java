package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.KeyLimits;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognitionListener;
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
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingSessionServiceTest {

    private static final AudioFormat PCM16K = AudioFormat.linear16Mono(16_000);

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingChannel channel = new RecordingChannel();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, metrics,
            SessionSettings.DEFAULTS.withMaxPendingAudio(Duration.ofSeconds(1)));

    @Test
    void announcesSessionOnlyAfterRecognizerIsOpen_H18() {
        StreamHandle handle = open(true);
        lanes.runAll();
        assertThat(channel.sent()).isEmpty();

        recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(channel.sent()).singleElement().isInstanceOfSatisfying(ServerMessage.SessionStarted.class,
                started -> {
                    assertThat(started.sessionId()).isEqualTo(handle.sessionId());
                    assertThat(started.generation()).isEqualTo(Generation.FIRST);
                });
    }

    @Test
    void buffersAudioThatArrivesBeforeRecognizerOpens_H18() {
        StreamHandle handle = open(true);
        service.pushAudio(handle, pcm(320));
        service.pushAudio(handle, pcm(640));
        lanes.runAll();

        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, pcm(320));
        lanes.runAll();

        assertThat(stream.audio()).extracting(PcmChunk::span).containsExactly(
                new SampleSpan(0, 160), new SampleSpan(160, 480), new SampleSpan(480, 640));
        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).isEmpty();
    }

    @Test
    void refusesAudioBeyondThePendingBound_withoutLosingWhatWasBuffered() {
        StreamHandle handle = open(true);
        byte[] halfSecond = pcm(16_000);
        service.pushAudio(handle, halfSecond);
        service.pushAudio(handle, pcm(16_000));
        service.pushAudio(handle, pcm(16_000));
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.AUDIO_BUFFER_FULL);
        assertThat(stream.audio()).hasSize(2);
        assertThat(metrics.count("frames.refused.AUDIO_BUFFER_FULL")).isEqualTo(1);
    }

    @Test
    void refusesFormatTheRecognizerCannotTake() {
        StreamOptions options = new StreamOptions(AudioFormat.linear16Mono(8_000), true, "en", 65_536);
        OpenOutcome outcome = service.open(new OpenStreamCommand(options, "127.0.0.1"), channel);

        assertThat(outcome).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT));
        assertThat(service.activeSessions()).isZero();
        assertThat(recognizer.calls()).isEmpty();
    }

    @Test
    void tellsClientAndEndsSession_whenRecognizerCapacityIsExhausted() {
        open(true);
        lanes.runAll();
        recognizer.lastCall().future().completeExceptionally(new RecognizerException(
                ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED, "all decoders busy", Duration.ofSeconds(2))));
        lanes.runAll();

        assertThat(channel.sent()).singleElement().isInstanceOfSatisfying(ServerMessage.ErrorNotice.class, notice -> {
            assertThat(notice.error().code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
            assertThat(notice.error().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(channel.closes()).first().isEqualTo("CAPACITY_EXHAUSTED");
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void hidesUnexpectedOpenFailuresBehindProviderError() {
        open(true);
        lanes.runAll();
        recognizer.lastCall().future().completeExceptionally(new IllegalStateException("secret internal detail"));
        lanes.runAll();

        ServerMessage.ErrorNotice notice = channel.sent(ServerMessage.ErrorNotice.class).getFirst();
        assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(notice.error().message()).doesNotContain("secret");
    }

    @Test
    void numbersFinalsAndGivesInterimsTheUpcomingSeq() {
        open(true);
        lanes.runAll();
        var call = recognizer.lastCall();
        call.succeed();
        call.listener().onHypothesis(Hypothesis.interim("hello", new SampleSpan(0, 1600), List.of()));
        call.listener().onHypothesis(Hypothesis.finalResult("hello world", new SampleSpan(0, 3200), List.of()));
        call.listener().onHypothesis(Hypothesis.finalResult("   ", new SampleSpan(3200, 3300), List.of()));
        call.listener().onHypothesis(Hypothesis.interim("again", new SampleSpan(3300, 4800), List.of()));
        call.listener().onHypothesis(Hypothesis.finalResult("again", new SampleSpan(3300, 6400), List.of()));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.TranscriptUpdate.class))
                .extracting(u -> u.transcript().seq() + (u.transcript().isFinal() ? "F " : "i ") + u.transcript().hypothesis().text())
                .containsExactly("1i hello", "1F hello world", "2i again", "2F again");
    }

    @Test
    void dropsInterims_whenClientAskedForFinalsOnly() {
        open(false);
        lanes.runAll();
        var call = recognizer.lastCall();
        call.succeed();
        call.listener().onHypothesis(Hypothesis.interim("hello", new SampleSpan(0, 1600), List.of()));
        call.listener().onHypothesis(Hypothesis.finalResult("hello", new SampleSpan(0, 1600), List.of()));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().isFinal())
                .containsExactly(true);
    }

    @Test
    void closeStreamFlushesThenSaysClosed() {
        StreamHandle handle = open(true);
        lanes.runAll();
        var call = recognizer.lastCall();
        ScriptedStream stream = call.succeed();
        lanes.runAll();

        service.closeStream(handle);
        lanes.runAll();
        assertThat(stream.gracefulCloses()).isEqualTo(1);
        call.listener().onHypothesis(Hypothesis.finalResult("last words", new SampleSpan(0, 1600), List.of()));
        call.listener().onClosed();
        lanes.runAll();

        assertThat(channel.sent()).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("SessionStarted", "TranscriptUpdate", "SessionClosed");
        assertThat(channel.closes()).first().isEqualTo("normal");
        assertThat(service.activeSessions()).isZero();
    }

    /**
     * A client that opens its next session the moment it hears {@code session.closed} must find
     * its key's slot free: the slot goes back before the client is told (AccessIT saw the other
     * order under load: KEY_CONCURRENCY_LIMIT right after a close).
     */
    @Test
    void freesTheKeysSlotBeforeTheClientHearsSessionClosed() {
        Caller solo = new Caller.KeyHolder("solo", new KeyLimits(1, 0, 1));
        StreamOptions options = new StreamOptions(PCM16K, false, "en", 65_536);
        List<OpenOutcome> reopened = new ArrayList<>();
        ClientChannelPort eager = new ClientChannelPort() {
            @Override
            public void send(ServerMessage message) {
                if (message instanceof ServerMessage.SessionClosed) {
                    reopened.add(service.open(new OpenStreamCommand(options, "127.0.0.1", solo), channel));
                }
            }

            @Override
            public void closeNormally() {
            }

            @Override
            public void closeFor(ErrorCode reason) {
            }
        };
        OpenOutcome first = service.open(new OpenStreamCommand(options, "127.0.0.1", solo), eager);
        lanes.runAll();
        var call = recognizer.lastCall();
        call.succeed();
        lanes.runAll();

        service.closeStream(((OpenOutcome.Opening) first).handle());
        lanes.runAll();
        call.listener().onClosed();
        lanes.runAll();

        assertThat(reopened).singleElement().isInstanceOf(OpenOutcome.Opening.class);
    }

    @Test
    void closeStreamBeforeRecognizerOpens_stillDeliversBufferedAudioAndCloses() {
        StreamHandle handle = open(true);
        service.pushAudio(handle, pcm(640));
        service.closeStream(handle);
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(stream.audio()).hasSize(1);
        assertThat(stream.gracefulCloses()).isEqualTo(1);
        assertThat(channel.sent()).as("the session is announced, though the client asked to close before it opened")
                .first().isInstanceOf(ServerMessage.SessionStarted.class);
    }

    @Test
    void finalizeIsForwarded_evenWhenRequestedBeforeOpen() {
        StreamHandle handle = open(true);
        service.finalizeStream(handle);
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.finalizeStream(handle);
        lanes.runAll();

        assertThat(stream.finalizes()).isEqualTo(2);
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void clientGoneDetaches_andGraceExpiryReleasesEverything_H13() {
        StreamHandle handle = open(true);
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        service.clientGone(handle);
        lanes.runAll();
        assertThat(service.activeSessions()).isEqualTo(1);
        assertThat(service.activeAttachments()).isZero();
        assertThat(service.activeProviderStreams()).as("released while detached (H27)").isZero();

        scheduler.advance(SessionSettings.DEFAULTS.gracePeriod());
        lanes.runAll();

        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(service.activeSessions()).isZero();
        assertThat(service.activeProviderStreams()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void graceExpiryBeforeRecognizerOpens_abortsTheLateStream() {
        StreamHandle handle = open(true);
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();
        scheduler.advance(SessionSettings.DEFAULTS.gracePeriod());
        lanes.runAll();
        ScriptedStream late = recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(late.aborts()).isEqualTo(1);
        assertThat(channel.sent()).isEmpty();
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void eventsForAnEndedSessionAreATypedOutcome_H19() {
        StreamHandle handle = open(true);
        lanes.runAll();
        recognizer.lastCall().succeed();
        service.closeStream(handle);
        lanes.runAll();
        recognizer.lastCall().listener().onClosed();
        lanes.runAll();

        assertThat(service.pushAudio(handle, pcm(320))).isEqualTo(Routing.SESSION_GONE);
        assertThat(service.finalizeStream(handle)).isEqualTo(Routing.SESSION_GONE);
        assertThat(service.clientGone(handle)).isEqualTo(Routing.SESSION_GONE);
    }

    @Test
    void ignoresEventsStampedWithAnotherGeneration_H1() {
        StreamHandle handle = open(true);
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        StreamHandle stale = new StreamHandle(handle.sessionId(), new Generation(7));

        service.pushAudio(stale, pcm(320));
        service.finalizeStream(stale);
        service.closeStream(stale);
        service.clientGone(stale);
        lanes.runAll();

        assertThat(stream.audio()).isEmpty();
        assertThat(stream.finalizes()).isZero();
        assertThat(stream.gracefulCloses()).isZero();
        assertThat(stream.aborts()).isZero();
        assertThat(service.activeSessions()).isEqualTo(1);
    }

    @Test
    void refusesMisalignedFrameButKeepsStreaming() {
        StreamHandle handle = open(true);
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        service.pushAudio(handle, new byte[321]);
        service.pushAudio(handle, pcm(320));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.INVALID_AUDIO_FRAME);
        assertThat(stream.audio()).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 160));
        assertThat(metrics.count("frames.refused.INVALID_AUDIO_FRAME")).isEqualTo(1);
    }

    @Test
    void endsSessionWithProviderError_whenRecognizerFailsMidStream() {
        open(true);
        lanes.runAll();
        var call = recognizer.lastCall();
        call.succeed();
        call.listener().onFailed(new RecognizerException(ClientError.of(ErrorCode.PROVIDER_ERROR, "decoder died")));
        call.listener().onHypothesis(Hypothesis.finalResult("too late", new SampleSpan(0, 10), List.of()));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.PROVIDER_ERROR);
        assertThat(channel.sent(ServerMessage.TranscriptUpdate.class)).isEmpty();
        assertThat(channel.closes()).first().isEqualTo("PROVIDER_ERROR");
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void endAllTellsEveryClientTheServerIsStopping() {
        open(true);
        lanes.runAll();
        recognizer.lastCall().succeed();
        lanes.runAll();

        service.endAll(ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN, "bye"));
        lanes.runAll();

        assertThat(channel.closes()).first().isEqualTo("SERVER_SHUTTING_DOWN");
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void forwardsSpeechEventsOnTheSessionClock_onlyToClientsThatAskedForThem() {
        StreamHandle handle = open(new StreamOptions(PCM16K, true, "en", 65_536, true));
        lanes.runAll();
        recognizer.lastCall().succeed();
        service.pushAudio(handle, pcm(3_200));
        lanes.runAll();
        RecognitionListener listener = recognizer.lastCall().listener();

        listener.onSpeechEvent(new SpeechEvent.SpeechStarted(480));
        listener.onSpeechEvent(new SpeechEvent.UtteranceEnded(1_500));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.SpeechEventNotice.class)).extracting(ServerMessage.SpeechEventNotice::event)
                .containsExactly(new SpeechEvent.SpeechStarted(480), new SpeechEvent.UtteranceEnded(1_500));
    }

    /**
     * An UtteranceEnded names the end of the utterance's last word, which always lies inside the
     * final that delivered that word (a Deepgram final's window runs on past its last word), so
     * the replay guard on speech events must not compare it with the delivered watermark.
     */
    @Test
    void forwardsAnUtteranceEnd_thatFollowsTheFinalHoldingItsLastWord() {
        StreamHandle handle = open(new StreamOptions(PCM16K, true, "en", 65_536, true));
        lanes.runAll();
        recognizer.lastCall().succeed();
        service.pushAudio(handle, pcm(32_000));
        lanes.runAll();
        RecognitionListener listener = recognizer.lastCall().listener();

        listener.onHypothesis(Hypothesis.finalResult("okay", new SampleSpan(0, 16_000),
                List.of(new Word("okay", new SampleSpan(4_000, 12_000), 0.9))));
        listener.onSpeechEvent(new SpeechEvent.UtteranceEnded(12_000));
        listener.onSpeechEvent(new SpeechEvent.SpeechStarted(8_000)); // inside delivered audio: a replay artefact
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.SpeechEventNotice.class)).extracting(ServerMessage.SpeechEventNotice::event)
                .containsExactly(new SpeechEvent.UtteranceEnded(12_000));
    }

    @Test
    void keepsSpeechEventsFromClientsThatDidNotAskForThem() {
        open(true);
        lanes.runAll();
        recognizer.lastCall().succeed();
        lanes.runAll();

        recognizer.lastCall().listener().onSpeechEvent(new SpeechEvent.SpeechStarted(0));
        lanes.runAll();

        assertThat(channel.sent(ServerMessage.SpeechEventNotice.class)).isEmpty();
    }

    @Test
    void countsTheFinalsAResumingClientLostAtTheOutboxBound() {
        StreamHandle handle = open(false);
        lanes.runAll();
        var call = recognizer.lastCall();
        call.succeed();
        lanes.runAll();
        String token = channel.sent(ServerMessage.SessionStarted.class).getFirst().resumeToken().value();
        int outbox = SessionSettings.DEFAULTS.outboxCapacity();
        for (int i = 0; i < outbox + 2; i++) {
            call.listener().onHypothesis(Hypothesis.finalResult("word", new SampleSpan(i, i + 1), List.of()));
        }
        service.clientGone(handle); // before the client read any of them
        lanes.runAll();
        scheduler.advance(Duration.ofSeconds(1));
        RecordingChannel resumed = new RecordingChannel();

        service.resume(new dev.hark.application.port.inbound.ResumeStreamCommand(handle.sessionId(), token, 0,
                "127.0.0.1"), resumed);
        lanes.runAll();

        assertThat(resumed.sent(ServerMessage.ErrorNotice.class)).extracting(n -> n.error().code())
                .containsExactly(ErrorCode.FINALS_EXPIRED);
        assertThat(metrics.count("finals.expired")).isEqualTo(2);
    }

    @Test
    void endsASessionThatEndsWithItsConnection_whenTheClientGoes_andNeverResumesIt() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(new StreamOptions(PCM16K, true, "en", 65_536),
                "127.0.0.1", dev.hark.application.port.inbound.Caller.ANONYMOUS,
                dev.hark.application.port.inbound.SessionLifetime.ENDS_WITH_CONNECTION), channel);
        StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        service.clientGone(handle);
        lanes.runAll();

        assertThat(service.activeSessions()).as("ended at once, no grace period").isZero();
        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void refusesToResumeASessionThatEndsWithItsConnection() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(new StreamOptions(PCM16K, true, "en", 65_536),
                "127.0.0.1", dev.hark.application.port.inbound.Caller.ANONYMOUS,
                dev.hark.application.port.inbound.SessionLifetime.ENDS_WITH_CONNECTION), channel);
        StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();
        lanes.runAll();
        recognizer.lastCall().succeed();
        lanes.runAll();
        String token = channel.sent(ServerMessage.SessionStarted.class).getFirst().resumeToken().value();

        java.util.concurrent.CompletableFuture<OpenOutcome> resumed = service.resume(
                new dev.hark.application.port.inbound.ResumeStreamCommand(handle.sessionId(), token, 0, "127.0.0.1"),
                new RecordingChannel()).toCompletableFuture();
        lanes.runAll();

        assertThat(resumed.join()).isInstanceOfSatisfying(OpenOutcome.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
        assertThat(service.activeAttachments()).isOne();
    }

    private StreamHandle open(boolean interim) {
        return open(new StreamOptions(PCM16K, interim, "en", 65_536));
    }

    private StreamHandle open(StreamOptions options) {
        OpenOutcome outcome = service.open(new OpenStreamCommand(options, "127.0.0.1"), channel);
        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        return ((OpenOutcome.Opening) outcome).handle();
    }

    private static byte[] pcm(int bytes) {
        return new byte[bytes];
    }
}
