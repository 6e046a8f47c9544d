package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.StreamOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chunker between client frames and the recognizer (H21), and reads paused by a slow recognizer (H24). */
class ChunkingAndBackpressureTest {

    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void regroupsTwentyMillisecondFramesIntoHundredMillisecondChunks_andFlushesALoneFrameByTimer_H21() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer(ChunkPolicy.DEFAULTS);
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        for (int i = 0; i < 11; i++) {
            service.pushAudio(handle, new byte[640]);
        }
        lanes.runAll();
        assertThat(stream.audio()).extracting(PcmChunk::span)
                .containsExactly(new SampleSpan(0, 1_600), new SampleSpan(1_600, 3_200));

        scheduler.advance(ChunkPolicy.DEFAULTS.maxLatency());
        lanes.runAll();
        assertThat(stream.audio()).extracting(PcmChunk::span).last().isEqualTo(new SampleSpan(3_200, 3_520));
        assertThat(stream.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(11 * 320);
    }

    /**
     * With the real chunk policy a lone frame waits for the chunk timer. A stream replaced while
     * that timer is pending must not take the timer with it: audio that reaches the replacement
     * right after the reconnect is flushed by its own timer, not only when the next frame comes.
     */
    @Test
    void flushesAudioArrivingJustAfterAReconnect_byItsOwnTimer_H21_H23() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer(ChunkPolicy.DEFAULTS);
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[640]); // a chunk timer is now due in maxLatency (250 ms)
        lanes.runAll();
        recognizer.lastCall().listener().onFailed(dev.hark.application.port.outbound.RecognizerException.retryable(
                dev.hark.domain.error.ClientError.of(dev.hark.domain.error.ErrorCode.PROVIDER_ERROR, "dropped"), null));
        lanes.runAll();
        for (int step = 0; step < 30 && recognizer.calls().size() < 2; step++) {
            scheduler.advance(java.time.Duration.ofMillis(10)); // the backoff (160-240 ms) ends before that timer
            lanes.runAll();
        }
        assertThat(scheduler.elapsed()).isLessThan(ChunkPolicy.DEFAULTS.maxLatency());
        ScriptedStream replacement = recognizer.lastCall().succeed();
        lanes.runAll();

        service.pushAudio(handle, new byte[640]);
        lanes.runAll();
        scheduler.advance(ChunkPolicy.DEFAULTS.maxLatency());
        lanes.runAll();

        assertThat(replacement.audio()).extracting(PcmChunk::span)
                .containsExactly(new SampleSpan(0, 320), new SampleSpan(320, 640));
    }

    @Test
    void finalizeFlushesWhatTheChunkerHolds() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer(ChunkPolicy.DEFAULTS);
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[640]);
        service.finalizeStream(handle);
        lanes.runAll();

        assertThat(stream.audio()).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 320));
        assertThat(stream.finalizes()).isEqualTo(1);
    }

    @Test
    void stopsReadingTheClientWhileTheRecognizerIsTooFarBehind_andResumesWhenItCatchesUp_H24() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        recognizer.lastCall().succeed();
        lanes.runAll();
        AtomicInteger reads = new AtomicInteger();
        long backlogLimit = 16_000L * RecoverySettings.DEFAULTS.maxRecognizerBacklog().toSeconds();

        int pushed = 0;
        boolean readOn = true;
        while (readOn && pushed < 100) {
            readOn = pushLikeTheAdapter(service, handle, reads);
            pushed++;
        }

        assertThat(pushed).as("the frame that took the backlog past the limit is the last one read").isEqualTo(6);
        assertThat(reads.get()).isEqualTo(5);
        assertThat(metrics.count("backpressure.pauses")).isEqualTo(1);
        recognizer.lastCall().listener().onProgress(pushed * 16_000L - backlogLimit / 2 - 1);
        lanes.runAll();
        assertThat(reads.get()).as("not yet below half the limit").isEqualTo(5);
        recognizer.lastCall().listener().onProgress(pushed * 16_000L - backlogLimit / 2);
        lanes.runAll();
        assertThat(reads.get()).isEqualTo(6);
        assertThat(pushLikeTheAdapter(service, handle, reads)).isTrue();
    }

    @Test
    void releasesAHeldReadWhenTheSessionEnds() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        recognizer.lastCall().succeed();
        lanes.runAll();
        AtomicInteger reads = new AtomicInteger();
        while (pushLikeTheAdapter(service, handle, reads)) {
            assertThat(reads.get()).isLessThan(100);
        }
        int before = reads.get();

        service.endAll(dev.hark.domain.error.ClientError.of(dev.hark.domain.error.ErrorCode.SERVER_SHUTTING_DOWN, "bye"));
        lanes.runAll();

        assertThat(reads.get()).as("the socket must be read to see its close").isEqualTo(before + 1);
    }

    @Test
    void demandsTheNextMessageOnlyOnceTheLaneHasTakenTheCurrentOne_H24() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        StreamingSessionService service = service(recognizer);
        StreamHandle handle = open(service);
        recognizer.lastCall().succeed();
        lanes.runAll();
        AtomicInteger reads = new AtomicInteger();

        assertThat(service.pushAudio(handle, new byte[640], reads::incrementAndGet)).isEqualTo(Routing.QUEUED);
        assertThat(reads.get()).as("not while the frame waits on the lane").isZero();
        lanes.runAll();
        assertThat(reads.get()).isEqualTo(1);

        service.finalizeStream(handle, reads::incrementAndGet);
        service.keepAlive(handle, reads::incrementAndGet);
        service.closeStream(handle, reads::incrementAndGet);
        assertThat(reads.get()).as("control messages too").isEqualTo(1);
        lanes.runAll();
        assertThat(reads.get()).isEqualTo(4);
    }

    @Test
    void keepsMemoryBoundedWhileTheRecognizerCannotBeReplaced_releasingTheOldestAndSayingSo_H24() {
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        dev.hark.application.testing.RecordingChannel channel = new dev.hark.application.testing.RecordingChannel();
        StreamingSessionService service = service(recognizer);
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), "10.0.0.1"), channel);
        lanes.runAll();
        StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();
        recognizer.lastCall().succeed();
        lanes.runAll();
        recognizer.lastCall().listener().onFailed(dev.hark.application.port.outbound.RecognizerException.retryable(
                dev.hark.domain.error.ClientError.of(dev.hark.domain.error.ErrorCode.PROVIDER_ERROR, "gone"), null));
        lanes.runAll();
        scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(2));
        lanes.runAll();
        // the replacement never connects: the sink is stalled while the client keeps talking

        AtomicInteger reads = new AtomicInteger();
        for (int second = 0; second < 40; second++) {
            assertThat(pushLikeTheAdapter(service, handle, reads)).as("reads go on during a reconnect").isTrue();
        }

        long retentionSamples = 16_000L * RecoverySettings.DEFAULTS.maxRetainedAudio().toSeconds();
        assertThat(metrics.count("audio.not_replayable_samples")).isEqualTo(40 * 16_000L - retentionSamples);
        assertThat(channel.sent(dev.hark.application.port.outbound.ServerMessage.ErrorNotice.class))
                .extracting(notice -> notice.error().code())
                .containsExactly(dev.hark.domain.error.ErrorCode.AUDIO_NOT_REPLAYABLE);
        ScriptedStream replacement = recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(replacement.audio().stream().mapToLong(PcmChunk::sampleCount).sum())
                .as("what is replayed is bounded by the retention").isEqualTo(retentionSamples);
    }

    /** What the WebSocket endpoint does: hands over one second of audio; true when the session let the next read in. */
    private boolean pushLikeTheAdapter(StreamingSessionService service, StreamHandle handle, AtomicInteger reads) {
        int before = reads.get();
        assertThat(service.pushAudio(handle, new byte[32_000], reads::incrementAndGet)).isEqualTo(Routing.QUEUED);
        lanes.runAll();
        return reads.get() > before;
    }

    private StreamingSessionService service(ScriptedRecognizer recognizer) {
        return new StreamingSessionService(recognizer, new SequentialSecrets(), lanes, scheduler, scheduler, metrics,
                SessionSettings.DEFAULTS);
    }

    private StreamHandle open(StreamingSessionService service) {
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), "10.0.0.1"),
                new RecordingChannel());
        lanes.runAll();
        return ((OpenOutcome.Opening) outcome).handle();
    }

}
