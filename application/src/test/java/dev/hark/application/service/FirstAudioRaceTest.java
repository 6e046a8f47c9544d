package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.ResumeRules;
import dev.hark.domain.session.StreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * H6 after H27: a detached session has released its stream, so the first resume (or the first
     * audio after it) must open one again. Hundreds of resumes (policy takeover, so each is
     * accepted while its token still works) and the frames each winner sends right after race
     * through the service against a connect that blocks until the test releases it: one connect,
     * one stream.
     */
    @RepeatedTest(3)
    void oneReopenForTheWholeRace_whenResumesAndTheirFirstFramesRaceForAReleasedSession_H6_H27() throws Exception {
        int racers = 300;
        ScriptedRecognizer recognizer = new ScriptedRecognizer();
        RecordingMetrics metrics = new RecordingMetrics();
        ExecutorService lanes = Executors.newFixedThreadPool(4);
        ExecutorService clients = Executors.newFixedThreadPool(racers);
        try {
            ManualScheduler scheduler = new ManualScheduler();
            StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(), lanes,
                    scheduler, scheduler, metrics, SessionSettings.DEFAULTS.withResumeRules(
                            new ResumeRules(AttachPolicy.TAKEOVER, Duration.ZERO, Duration.ofSeconds(1))));
            RecordingChannel owner = new RecordingChannel();
            StreamHandle handle = ((OpenOutcome.Opening) service.open(new OpenStreamCommand(
                    new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 4096), "10.0.0.1"), owner)).handle();
            await().atMost(Duration.ofSeconds(10)).until(() -> recognizer.calls().size() == 1);
            ScriptedStream released = recognizer.calls().getFirst().succeed();
            await().atMost(Duration.ofSeconds(10)).until(() -> !owner.sent(ServerMessage.SessionStarted.class).isEmpty());
            String token = owner.sent(ServerMessage.SessionStarted.class).getFirst().resumeToken().value();
            service.clientGone(handle);
            await().atMost(Duration.ofSeconds(10)).until(() -> released.aborts() == 1);
            assertThat(service.activeProviderStreams()).isZero();

            CyclicBarrier start = new CyclicBarrier(racers);
            CountDownLatch done = new CountDownLatch(racers);
            AtomicInteger attached = new AtomicInteger();
            for (int i = 0; i < racers; i++) {
                String address = "10.1." + i / 200 + "." + i % 200;
                clients.execute(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        OpenOutcome outcome = service.resume(new ResumeStreamCommand(handle.sessionId(), token, 0,
                                address), new RecordingChannel()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                        if (outcome instanceof OpenOutcome.Opening opening) {
                            attached.incrementAndGet();
                            service.pushAudio(opening.handle(), new byte[32]);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();

            assertThat(attached.get()).as("the race really resumed").isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> recognizer.calls().size() >= 2);
            assertThat(recognizer.calls()).as("one reopen, joined by everyone after the first").hasSize(2);
            assertThat(metrics.count("provider.connects")).isEqualTo(2);
            ScriptedStream reopened = recognizer.lastCall().succeed();
            await().atMost(Duration.ofSeconds(10)).until(() -> service.activeProviderStreams() == 1);
            assertThat(reopened.isOpen()).isTrue();
            assertThat(recognizer.calls()).hasSize(2);
        } finally {
            clients.shutdownNow();
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
