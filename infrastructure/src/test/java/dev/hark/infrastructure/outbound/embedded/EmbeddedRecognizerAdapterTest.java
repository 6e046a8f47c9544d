package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.testing.QueueingExecutor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmbeddedRecognizerAdapterTest {

    private static final Duration RETRY = Duration.ofSeconds(2);

    private final QueueingExecutor executor = new QueueingExecutor();
    private final FakeDecoder decoder = new FakeDecoder(executor::isDraining);
    private final DecoderPool pool = new DecoderPool(() -> decoder, 1, RETRY, executor);
    private final TestCapacity capacity = TestCapacity.unlimited();
    private final EmbeddedRecognizerAdapter adapter = new EmbeddedRecognizerAdapter(pool, capacity.capacity, executor,
            Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(30), RETRY);
    private final RecordingListener listener = new RecordingListener();

    @Test
    void acceptsOnly16kHzMonoLinear16_andSaysSoForTheConvertingDecorator() {
        assertThat(adapter.nativeFormatFor(new AudioFormat(dev.hark.domain.audio.AudioEncoding.MULAW, 8_000, 2)))
                .isEqualTo(AudioFormat.linear16Mono(16_000));
        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(16_000))).isEmpty();
        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(8_000))).contains(ClientError.of(
                ErrorCode.UNSUPPORTED_AUDIO_FORMAT, "the embedded engine needs sample_rate=16000 (got 8000)"));
        assertThat(adapter.refusalFor(new AudioFormat(AudioFormat.linear16Mono(16_000).encoding(), 16_000, 2)))
                .hasValueSatisfying(error -> assertThat(error.message()).contains("channels=1 (got 2)"));
    }

    @Test
    void asksForChunksOfTheConfiguredLength_latestThatLate() {
        EmbeddedRecognizerAdapter longChunks = new EmbeddedRecognizerAdapter(pool, capacity.capacity, executor,
                Duration.ofMillis(400), Duration.ofMillis(250), Duration.ofSeconds(30), RETRY);

        assertThat(adapter.chunking()).isEqualTo(new ChunkPolicy(Duration.ofMillis(250), Duration.ofMillis(250)));
        assertThat(longChunks.chunking()).isEqualTo(new ChunkPolicy(Duration.ofMillis(400), Duration.ofMillis(400)));
    }

    @Test
    void refusesToOpen_anUnsupportedFormat() {
        CompletableFuture<RecognizerStream> opened = adapter.openStream(request(AudioFormat.linear16Mono(44_100)),
                listener);

        assertThat(failure(opened).clientError().code()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT);
        assertThat(executor.pending()).isZero();
    }

    @Test
    void opensWithoutTouchingTheDecoderOnTheCallerThread() {
        CompletableFuture<RecognizerStream> opened = adapter.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);

        assertThat(opened).isNotDone();
        executor.runAll();

        assertThat(opened).isCompleted();
        assertThat(decoder.starts).isEqualTo(1);
        assertThat(decoder.callsOffTheLane).isEmpty();
    }

    @Test
    void refusesWithCapacityExhausted_whileTheOnlyDecoderIsInUse_andReusesItAfterClose() {
        RecognizerStream first = openNow();

        CompletableFuture<RecognizerStream> second = adapter.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);
        assertThat(failure(second).clientError()).isEqualTo(ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED,
                "all 1 embedded decoders are busy", RETRY));

        first.closeGracefully();
        executor.runAll();
        openNow();
        assertThat(pool.liveDecoders()).isEqualTo(1);
    }

    @Test
    @DisplayName("H30: beyond the decode capacity a stream is refused at once, before any decoder is taken")
    void refusesAtOnce_whenTheDecodersAreBusyEnough_H30() {
        TestCapacity tight = new TestCapacity(0.25, 0.1, 0.5); // two streams at the assumed cost
        DecoderPool roomyPool = new DecoderPool(() -> new FakeDecoder(executor::isDraining), 10, RETRY, executor);
        EmbeddedRecognizerAdapter loaded = new EmbeddedRecognizerAdapter(roomyPool, tight.capacity, executor,
                Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(30), RETRY);
        for (int i = 0; i < 2; i++) {
            loaded.openStream(request(AudioFormat.linear16Mono(16_000)), listener);
            executor.runAll();
        }

        ClientError refusal = loaded.refusalFor(AudioFormat.linear16Mono(16_000)).orElseThrow();
        CompletableFuture<RecognizerStream> third = loaded.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);

        assertThat(refusal.code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(refusal.retryAfter()).isEqualTo(RETRY);
        assertThat(failure(third).clientError()).isEqualTo(refusal);
        assertThat(executor.pending()).isZero();
        assertThat(roomyPool.liveDecoders()).isEqualTo(2);
        assertThat(loaded.load().streams()).isEqualTo(2);
    }

    @Test
    void refusesFormatsFirst_thenCapacity() {
        openNow();

        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(8_000)).orElseThrow().code())
                .isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT);
        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(16_000))).contains(ClientError.retryable(
                ErrorCode.CAPACITY_EXHAUSTED, "all 1 embedded decoders are busy", RETRY));
    }

    @Test
    void givesBackTheCapacityShare_whenNoDecoderCanBeHad() {
        openNow();

        CompletableFuture<RecognizerStream> second = adapter.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);

        assertThat(failure(second).clientError().code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(adapter.load().streams()).isEqualTo(1);
    }

    @Test
    void handsTheDecoderBack_whenTheCallerCancelledTheOpen() {
        CompletableFuture<RecognizerStream> opened = adapter.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);

        opened.cancel(false);
        executor.runAll();

        assertThat(pool.idleDecoders()).isEqualTo(1);
        assertThat(listener.events).isEmpty();
        assertThat(adapter.load().streams()).isZero();
    }

    @Test
    void freesDecodersOnClose() {
        RecognizerStream stream = openNow();
        stream.abort();
        executor.runAll();

        adapter.close();

        assertThat(decoder.closes).isEqualTo(1);
    }

    private RecognizerStream openNow() {
        CompletableFuture<RecognizerStream> opened = adapter.openStream(request(AudioFormat.linear16Mono(16_000)),
                listener);
        executor.runAll();
        return opened.join();
    }

    private static RecognizerStreamRequest request(AudioFormat format) {
        return new RecognizerStreamRequest(new SessionId("session-adapter-1"),
                new StreamOptions(format, true, "en", 64 * 1024));
    }

    private static RecognizerException failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        Throwable cause = future.handle((value, failure) -> failure).join();
        assertThat(cause).isInstanceOf(RecognizerException.class);
        return (RecognizerException) cause;
    }
}
