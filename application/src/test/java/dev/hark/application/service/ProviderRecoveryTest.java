package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
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
import dev.hark.domain.transcript.Word;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** H23 with a scripted recognizer: a stream killed mid-utterance is replaced and replayed, nothing lost or repeated. */
class ProviderRecoveryTest {

    private static final Duration BACKOFF_BOUND = RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(2);

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingChannel channel = new RecordingChannel();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, metrics, SessionSettings.DEFAULTS);

    @Test
    void replacesAStreamKilledMidUtterance_replaysUnacknowledgedAudio_andRebasesItsResults_H23() {
        StreamHandle handle = open();
        ScriptedStream first = succeed(0);
        push(handle, 10);
        listener(0).onHypothesis(finalWords(0, "one", 0, 8_000));
        lanes.runAll();

        listener(0).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        push(handle, 5);
        assertThat(first.aborts()).isEqualTo(1);
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();
        ScriptedStream second = succeed(1);

        assertThat(second.audio()).as("replay starts at the acknowledged watermark, on the new stream's clock")
                .extracting(PcmChunk::span).first().isEqualTo(new SampleSpan(0, 1_600));
        assertThat(second.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(16_000);
        push(handle, 1);
        assertThat(second.audio().getLast().span()).isEqualTo(new SampleSpan(16_000, 17_600));

        listener(1).onHypothesis(finalWords(1, "two three", 0, 16_000));
        lanes.runAll();
        List<ServerMessage.TranscriptUpdate> finals = channel.sent(ServerMessage.TranscriptUpdate.class);
        assertThat(finals).extracting(u -> u.transcript().seq() + " " + u.transcript().hypothesis().text())
                .containsExactly("1 one", "2 two three");
        assertThat(finals.get(1).transcript().hypothesis().span()).isEqualTo(new SampleSpan(8_000, 24_000));
        assertThat(metrics.count("provider.reconnects")).isEqualTo(1);
        assertThat(metrics.count("provider.connects")).isEqualTo(2);
        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).isEmpty();
    }

    @Test
    void replaysNoFasterThanTheProviderAllows_thenHandsOverToLiveAudio_H23() {
        PacedReplay replay = pacedReplayAfterAFailure(10);
        StreamingSessionService pacedService = replay.service();
        StreamHandle handle = replay.handle();
        ScriptedStream second = replay.stream();

        for (int tenths = 1; tenths <= 100; tenths++) {
            scheduler.advance(java.time.Duration.ofMillis(100));
            lanes.runAll();
            long sent = second.audio().stream().mapToLong(PcmChunk::sampleCount).sum();
            assertThat(sent).as("at most 1.25x real time after %d ms", tenths * 100)
                    .isLessThanOrEqualTo((long) ((tenths * 0.1 * 1.25 + 0.1) * 16_000) + 1);
        }
        pacedService.pushAudio(handle, new byte[3_200]);
        lanes.runAll();
        pacedService.closeStream(handle);
        lanes.runAll();
        assertThat(second.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(161_600);
        assertThat(second.gracefulCloses()).isEqualTo(1);
        long expected = 0;
        for (PcmChunk chunk : second.audio()) {
            assertThat(chunk.startSample()).isEqualTo(expected);
            expected = chunk.span().end();
        }
    }

    @Test
    void waitsForAPacedReplayToCatchUpBeforeClosingTheStream_H23() {
        PacedReplay replay = pacedReplayAfterAFailure(4);
        StreamingSessionService pacedService = replay.service();
        StreamHandle handle = replay.handle();
        ScriptedStream second = replay.stream();
        pacedService.closeStream(handle);
        lanes.runAll();
        assertThat(second.gracefulCloses()).as("not while the replay is behind").isZero();

        for (int tenths = 0; tenths < 40 && second.gracefulCloses() == 0; tenths++) {
            scheduler.advance(java.time.Duration.ofMillis(100));
            lanes.runAll();
        }

        assertThat(second.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(64_000);
        assertThat(second.gracefulCloses()).isEqualTo(1);
    }

    @Test
    void measuresConnectTimeAndFirstFinalOnTheTicker_notOnTheWallClock() {
        StreamHandle handle = open();
        scheduler.stepWallClock(Duration.ofHours(1)); // NTP steps the wall clock while the stream opens
        scheduler.advance(Duration.ofMillis(250));
        succeed(0);
        push(handle, 10);
        scheduler.stepWallClock(Duration.ofMinutes(-30));
        scheduler.advance(Duration.ofMillis(500));
        listener(0).onHypothesis(finalWords(0, "one", 0, 8_000));
        lanes.runAll();

        assertThat(metrics.durations("recognizer.connected")).containsExactly(Duration.ofMillis(250));
        assertThat(metrics.durations("finals.first")).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void measuresAReplayOnTheTicker_notOnTheWallClock() {
        PacedReplay replay = pacedReplayAfterAFailure(4); // 4 s replayed at 1.25x: about 3.2 s
        scheduler.stepWallClock(Duration.ofHours(2));
        for (int tenths = 0; tenths < 40 && metrics.durations("replays.completed").isEmpty(); tenths++) {
            scheduler.advance(Duration.ofMillis(100));
            lanes.runAll();
        }
        assertThat(replay.stream().audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(64_000);
        assertThat(metrics.durations("replays.completed")).singleElement()
                .satisfies(took -> assertThat(took).isBetween(Duration.ofMillis(3_000), Duration.ofMillis(3_300)));
    }

    /** A session on a provider that limits replay to 1.25x, its first stream killed after {@code seconds} of audio. */
    private record PacedReplay(StreamingSessionService service, StreamHandle handle, ScriptedStream stream) {
    }

    private PacedReplay pacedReplayAfterAFailure(int seconds) {
        StreamingSessionService pacedService = new StreamingSessionService(pacedRecognizer(), new SequentialSecrets(),
                lanes, scheduler, scheduler, metrics, SessionSettings.DEFAULTS);
        OpenOutcome outcome = pacedService.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), "10.0.0.1"), channel);
        lanes.runAll();
        StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();
        succeed(0);
        for (int i = 0; i < seconds; i++) {
            pacedService.pushAudio(handle, new byte[32_000]);
        }
        lanes.runAll();
        listener(0).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();
        return new PacedReplay(pacedService, handle, succeed(1));
    }

    private dev.hark.application.port.outbound.SpeechRecognizerPort pacedRecognizer() {
        return new dev.hark.application.port.outbound.SpeechRecognizerPort() {
            @Override
            public java.util.Optional<ClientError> refusalFor(AudioFormat format) {
                return recognizer.refusalFor(format);
            }

            @Override
            public dev.hark.domain.audio.ChunkPolicy chunking() {
                return recognizer.chunking();
            }

            @Override
            public double maxReplaySpeed() {
                return 1.25;
            }

            @Override
            public java.util.concurrent.CompletableFuture<dev.hark.application.port.outbound.RecognizerStream> openStream(
                    dev.hark.application.port.outbound.RecognizerStreamRequest request, RecognitionListener listener) {
                return recognizer.openStream(request, listener);
            }
        };
    }

    /**
     * A final may end beyond the audio received when it came (a provider's result window), so the
     * acknowledged watermark (capped at what was received) lies before the end of what the client
     * already has. The replay from the watermark then yields a final that truly overlaps: only
     * its new words reach the client.
     */
    @Test
    void dropsWordsOfAReplayedFinalThatWereAlreadyDelivered_H23() {
        StreamHandle handle = open();
        succeed(0);
        push(handle, 5); // 8_000 samples received
        listener(0).onHypothesis(finalWords(0, "one two", 0, 12_000)); // ends past what was received
        listener(0).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        push(handle, 5);
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();
        ScriptedStream second = succeed(1);
        assertThat(second.audio().getFirst().startSample()).as("replayed from the watermark at 8_000").isZero();

        listener(1).onHypothesis(finalWords(1, "two three", 0, 8_000)); // session clock 8_000..16_000

        lanes.runAll();
        assertThat(channel.sent(ServerMessage.TranscriptUpdate.class))
                .extracting(u -> u.transcript().seq() + " " + u.transcript().hypothesis().text() + " "
                        + u.transcript().hypothesis().span())
                .containsExactly("1 one two " + new SampleSpan(0, 12_000), "2 three " + new SampleSpan(12_000, 16_000));
    }

    @Test
    void replacesAStreamWhoseSendAudioThrows_withReplay_insteadOfEndingTheSession() {
        StreamHandle handle = open();
        ScriptedStream rejecting = recognizer.calls().get(0).succeed().rejectingAudio();
        lanes.runAll();

        push(handle, 2);
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();
        ScriptedStream replacement = succeed(1);

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).as("no INTERNAL_ERROR").isEmpty();
        assertThat(service.activeSessions()).isEqualTo(1);
        assertThat(rejecting.aborts()).isEqualTo(1);
        assertThat(replacement.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(3_200);
        assertThat(metrics.count("provider.reconnects")).isEqualTo(1);
        assertThat(metrics.count("internal_errors")).isZero();
    }

    @Test
    void givesUpWithATypedError_afterTooManyQuickFailures_H23() {
        open();
        succeed(0);
        for (int attempt = 0; attempt <= RecoverySettings.DEFAULTS.maxQuickFailures(); attempt++) {
            listener(attempt).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "flaky"), null));
            lanes.runAll();
            scheduler.advance(BACKOFF_BOUND);
            lanes.runAll();
            if (attempt < RecoverySettings.DEFAULTS.maxQuickFailures()) {
                succeed(attempt + 1);
            }
        }

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).singleElement()
                .satisfies(notice -> assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_ERROR));
        assertThat(channel.closes()).first().isEqualTo("PROVIDER_ERROR");
        assertThat(service.activeSessions()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("H35: giving up after retryable failures tells the client when to retry (the last failure's hint)")
    void givesUpWithTheLastFailuresRetryHint_whenTheFailuresHadOne_H35() {
        open();
        succeed(0);
        for (int attempt = 0; attempt <= RecoverySettings.DEFAULTS.maxQuickFailures(); attempt++) {
            listener(attempt).onFailed(RecognizerException.retryable(ClientError.retryable(ErrorCode.PROVIDER_ERROR,
                    "the recognizer cluster is unavailable", Duration.ofSeconds(2)), null));
            lanes.runAll();
            scheduler.advance(BACKOFF_BOUND);
            lanes.runAll();
            if (attempt < RecoverySettings.DEFAULTS.maxQuickFailures()) {
                succeed(attempt + 1);
            }
        }

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).singleElement().satisfies(notice -> {
            assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
            assertThat(notice.error().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void doesNotReconnect_afterANonRetryableFailure() {
        open();
        succeed(0);
        listener(0).onFailed(new RecognizerException(ClientError.of(ErrorCode.PROVIDER_ERROR, "bad credentials")));
        lanes.runAll();
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();

        assertThat(recognizer.calls()).hasSize(1);
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void aReconnectTimerThatFiresAfterTheSessionEndedChangesNothing_H3() {
        scheduler.ignoringCancellations();
        open();
        succeed(0);
        listener(0).onFailed(RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        service.endAll(ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN, "bye"));
        lanes.runAll();
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();

        assertThat(service.activeSessions()).isZero();
        assertThat(recognizer.calls()).as("no reconnect for an ended session").hasSize(1);
        assertThat(metrics.count("events.stale_ignored")).isEqualTo(1);
    }

    @Test
    void retriesARetryableRefusalOfTheFirstOpen_withBackoff_andAnnouncesTheSessionOnlyOnceAStreamOpens() {
        StreamHandle handle = open();
        push(handle, 3); // early audio, waiting for the first stream (H18)
        recognizer.calls().get(0).future().completeExceptionally(RecognizerException.retryable(
                ClientError.retryable(ErrorCode.PROVIDER_ERROR, "HTTP 429", Duration.ofSeconds(1)), null));
        lanes.runAll();
        assertThat(channel.sent(ServerMessage.SessionStarted.class)).isEmpty();
        assertThat(recognizer.calls()).as("not at once: after a backoff").hasSize(1);

        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();
        ScriptedStream stream = succeed(1);

        assertThat(channel.sent(ServerMessage.SessionStarted.class)).hasSize(1);
        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).isEmpty();
        assertThat(stream.audio().stream().mapToLong(PcmChunk::sampleCount).sum())
                .as("the early audio reaches the stream that finally opened").isEqualTo(4_800);
        assertThat(stream.audio().getFirst().startSample()).isZero();
    }

    @Test
    void endsTheSessionAtOnce_whenTheFirstOpenIsRefusedForGood() {
        open();
        recognizer.calls().get(0).future().completeExceptionally(new RecognizerException(
                ClientError.of(ErrorCode.PROVIDER_REJECTED, "the speech provider refused the credentials (HTTP 401)")));
        lanes.runAll();
        scheduler.advance(BACKOFF_BOUND);
        lanes.runAll();

        assertThat(recognizer.calls()).as("no reconnect loop").hasSize(1);
        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).singleElement()
                .satisfies(notice -> assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_REJECTED));
        assertThat(service.activeSessions()).isZero();
    }

    @Test
    void givesUp_whenTheFirstOpenIsRefusedRetryablyTooOften() {
        open();
        for (int attempt = 0; attempt <= RecoverySettings.DEFAULTS.maxQuickFailures(); attempt++) {
            recognizer.calls().get(attempt).future().completeExceptionally(RecognizerException.retryable(
                    ClientError.of(ErrorCode.PROVIDER_ERROR, "HTTP 503"), null));
            lanes.runAll();
            scheduler.advance(BACKOFF_BOUND);
            lanes.runAll();
        }

        assertThat(recognizer.calls()).hasSize(RecoverySettings.DEFAULTS.maxQuickFailures() + 1);
        assertThat(channel.sent(ServerMessage.SessionStarted.class)).isEmpty();
        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).singleElement()
                .satisfies(notice -> assertThat(notice.error().code()).isEqualTo(ErrorCode.PROVIDER_ERROR));
        assertThat(service.activeSessions()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    private StreamHandle open() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), "10.0.0.1"), channel);
        lanes.runAll();
        return ((OpenOutcome.Opening) outcome).handle();
    }

    private ScriptedStream succeed(int call) {
        ScriptedStream stream = recognizer.calls().get(call).succeed();
        lanes.runAll();
        return stream;
    }

    private RecognitionListener listener(int call) {
        return recognizer.calls().get(call).listener();
    }

    private void push(StreamHandle handle, int chunksOf1600Samples) {
        for (int i = 0; i < chunksOf1600Samples; i++) {
            service.pushAudio(handle, new byte[3_200]);
        }
        lanes.runAll();
    }

    private static Hypothesis finalWords(int unused, String text, long start, long end) {
        String[] words = text.split(" ");
        long step = (end - start) / words.length;
        List<Word> timed = new java.util.ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            timed.add(new Word(words[i], new SampleSpan(start + i * step, start + (i + 1) * step), 0.9));
        }
        return Hypothesis.finalResult(text, new SampleSpan(start, end), timed);
    }
}
