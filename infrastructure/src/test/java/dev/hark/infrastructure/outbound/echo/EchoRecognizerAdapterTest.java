package dev.hark.infrastructure.outbound.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.Chunker;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoRecognizerAdapterTest {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int FRAME_SAMPLES = 320;

    private final QueueingExecutor executor = new QueueingExecutor();
    private final EchoRecognizerAdapter adapter = new EchoRecognizerAdapter(executor);
    private final EchoListener listener = new EchoListener();

    @Test
    void answersEveryChunkWithAFinalNamingItsExactRange_inOrder_onTheExecutor() {
        RecognizerStream stream = open();
        for (int i = 0; i < 5; i++) {
            stream.sendAudio(frame(i));
        }
        assertThat(listener.events).as("nothing runs on the caller's thread").isEmpty();

        executor.runAll();

        List<Hypothesis> finals = listener.finals();
        assertThat(finals).hasSize(5).allMatch(Hypothesis::isFinal).allMatch(h -> !h.speechFinal());
        for (int i = 0; i < 5; i++) {
            SampleSpan span = new SampleSpan(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES);
            assertThat(finals.get(i).span()).isEqualTo(span);
            assertThat(finals.get(i).text()).isEqualTo("samples " + span.start() + "-" + span.end());
        }
        assertThat(listener.threads).allMatch(thread -> thread == Thread.currentThread());
    }

    @Test
    void keepsOneDrainPerStream_soCallbacksNeverOverlap() {
        RecognizerStream stream = open();
        for (int i = 0; i < 100; i++) {
            stream.sendAudio(frame(i));
        }
        assertThat(executor.pending()).as("one drain queued, not one task per chunk").isEqualTo(1);

        executor.runAll();

        assertThat(listener.finals()).hasSize(100);
        assertThat(listener.overlaps).hasValue(0);
    }

    @Test
    void reportsProgressEveryHalfSecondOfAudio_andOnceMoreBeforeClosing() {
        RecognizerStream stream = open();
        for (int i = 0; i < 60; i++) { // 1.2 s of 20 ms frames
            stream.sendAudio(frame(i));
        }
        stream.closeGracefully();
        executor.runAll();

        assertThat(listener.progress()).containsExactly(8_000L, 16_000L, 19_200L);
        assertThat(listener.events.getLast()).isEqualTo(EchoListener.CLOSED);
        assertThat(listener.events.get(listener.events.size() - 2)).isEqualTo(19_200L);
    }

    @Test
    void closeGracefully_deliversQueuedFinalsThenClosedOnce_andIgnoresLaterAudio() {
        RecognizerStream stream = open();
        stream.sendAudio(frame(0));
        stream.sendAudio(frame(1));
        stream.closeGracefully();
        stream.closeGracefully();
        assertThat(stream.isOpen()).isFalse();
        stream.sendAudio(frame(2));
        stream.finalizeUtterance();

        executor.runAll();

        assertThat(listener.finals()).extracting(Hypothesis::span)
                .containsExactly(new SampleSpan(0, 320), new SampleSpan(320, 640));
        assertThat(listener.events.stream().filter(EchoListener.CLOSED::equals)).hasSize(1);
        assertThat(listener.events.getLast()).isEqualTo(EchoListener.CLOSED);
        assertThat(listener.afterEnd).hasValue(0);
    }

    @Test
    void abort_silencesEvenCallbacksAlreadyQueued_andIsSafeAfterAnything() {
        RecognizerStream stream = open();
        stream.sendAudio(frame(0));
        stream.closeGracefully();
        stream.abort();
        stream.abort();
        stream.sendAudio(frame(1));

        executor.runAll();

        assertThat(listener.events).isEmpty();
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void finalize_changesNothing_becauseEveryChunkIsAlreadyFinal() {
        RecognizerStream stream = open();
        stream.sendAudio(frame(0));
        stream.finalizeUtterance();
        stream.sendAudio(frame(1));
        executor.runAll();

        assertThat(listener.finals()).hasSize(2);
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void takesAnyFormat_andOpensAtOnce() {
        assertThat(adapter.refusalFor(new AudioFormat(FORMAT.encoding(), 48_000, 2))).isEmpty();
        assertThat(adapter.openStream(request(), listener)).isCompleted();
    }

    @Test
    void chunkingPassesEachFrameThroughWhole_withoutWaiting() {
        List<PcmChunk> chunks = new ArrayList<>();
        Chunker chunker = new Chunker(FORMAT, adapter.chunking(), Duration.ofSeconds(12),
                (chunk, nowNanos) -> chunks.add(chunk));
        PcmChunk small = frame(0);
        PcmChunk largest = new PcmChunk(FRAME_SAMPLES, new byte[64 * 1024], FORMAT); // stream.maxFrameSize

        chunker.offer(small, 0);
        chunker.offer(largest, 0);

        assertThat(chunks).extracting(PcmChunk::span).containsExactly(small.span(), largest.span());
        assertThat(chunker.nextDeadlineNanos()).isEmpty();
    }

    private RecognizerStream open() {
        return adapter.openStream(request(), listener).join();
    }

    private static RecognizerStreamRequest request() {
        return new RecognizerStreamRequest(new SessionId("echo-test-session"), new StreamOptions(FORMAT, false, "en", 64 * 1024));
    }

    private static PcmChunk frame(int index) {
        return new PcmChunk((long) index * FRAME_SAMPLES, new byte[FRAME_SAMPLES * 2], FORMAT);
    }
}
