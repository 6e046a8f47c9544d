package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.StreamOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * H6 through the whole service: a thousand threads released by one barrier push a session's
 * first audio while the recognizer's connect is still blocked. One connect, one stream, and
 * every frame reaches it exactly once, on a gap-free clock.
 */
class FirstAudioRaceTest {

    private static final int THREADS = 1000;

    @RepeatedTest(3)
    void oneConnectAndEveryFrameOnceOnOneStream_whenThousandFirstFramesRace() throws Exception {
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        RecordingMetrics metrics = new RecordingMetrics();
        ExecutorService lanes = Executors.newFixedThreadPool(4);
        ExecutorService pushers = Executors.newFixedThreadPool(THREADS);
        try {
            StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(), lanes,
                    new ManualScheduler(), new ManualScheduler(), metrics, SessionSettings.DEFAULTS);
            OpenOutcome outcome = service.open(new OpenStreamCommand(
                    new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 4096), "10.0.0.1"),
                    new RecordingChannel());
            StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();

            CyclicBarrier start = new CyclicBarrier(THREADS);
            CountDownLatch pushed = new CountDownLatch(THREADS);
            for (int i = 0; i < THREADS; i++) {
                pushers.execute(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        service.pushAudio(handle, new byte[32]);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        pushed.countDown();
                    }
                });
            }
            assertThat(pushed.await(20, TimeUnit.SECONDS)).isTrue();
            CountingStream stream = new CountingStream(THREADS);
            recognizer.calls().getFirst().future().complete(stream);

            assertThat(stream.received.await(20, TimeUnit.SECONDS)).as("all frames reached the stream").isTrue();
            assertThat(recognizer.calls()).hasSize(1);
            assertThat(metrics.count("provider.connects")).isEqualTo(1);
            List<PcmChunk> chunks = new ArrayList<>(stream.chunks());
            chunks.sort(Comparator.comparingLong(PcmChunk::startSample));
            long expected = 0;
            for (PcmChunk chunk : chunks) {
                assertThat(chunk.startSample()).isEqualTo(expected);
                expected = chunk.span().end();
            }
            assertThat(expected).isEqualTo(THREADS * 16L);
        } finally {
            pushers.shutdownNow();
            lanes.shutdownNow();
        }
    }

    /** A stream that counts the chunks it gets and lets the test wait for them with a bound. */
    private static final class CountingStream implements RecognizerStream {
        private final List<PcmChunk> chunks = new ArrayList<>();
        private final CountDownLatch received;

        private CountingStream(int expected) {
            this.received = new CountDownLatch(expected);
        }

        @Override
        public synchronized void sendAudio(PcmChunk chunk) {
            chunks.add(chunk);
            received.countDown();
        }

        synchronized List<PcmChunk> chunks() {
            return List.copyOf(chunks);
        }

        @Override
        public void finalizeUtterance() {
        }

        @Override
        public void closeGracefully() {
        }

        @Override
        public void abort() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
