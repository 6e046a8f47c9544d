package dev.hark.infrastructure.outbound.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many echo streams on a real shared pool: callbacks stay serialized and ordered per stream. */
class EchoRecognizerAdapterIT {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int STREAMS = 8;
    private static final int FRAMES = 2_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService senders = Executors.newFixedThreadPool(STREAMS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        senders.shutdownNow();
    }

    @Test
    void everyStreamGetsEachFinalOnceInOrder_withoutOverlappingCallbacks_whenStreamsShareAPool() throws Exception {
        EchoRecognizerAdapter adapter = new EchoRecognizerAdapter(pool);
        List<EchoListener> listeners = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int s = 0; s < STREAMS; s++) {
            EchoListener listener = new EchoListener();
            listeners.add(listener);
            RecognizerStream stream = adapter.openStream(new RecognizerStreamRequest(
                    new SessionId("echo-it-" + s + "-session"), new StreamOptions(FORMAT, false, "en", 65_536)),
                    listener).join();
            senders.execute(() -> {
                awaitQuietly(start);
                for (int i = 0; i < FRAMES; i++) {
                    stream.sendAudio(new PcmChunk(i * 320L, new byte[640], FORMAT));
                }
                stream.closeGracefully();
            });
        }
        start.countDown();

        for (EchoListener listener : listeners) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.contains(EchoListener.CLOSED));
            List<SampleSpan> spans = listener.finals().stream().map(Hypothesis::span).toList();
            assertThat(spans).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(spans.get(i)).isEqualTo(new SampleSpan(i * 320L, (i + 1) * 320L));
            }
            assertThat(listener.overlaps).hasValue(0);
            assertThat(listener.afterEnd).hasValue(0);
            assertThat(listener.events.getLast()).isEqualTo(EchoListener.CLOSED);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
