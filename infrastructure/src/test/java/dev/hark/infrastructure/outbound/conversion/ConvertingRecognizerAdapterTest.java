package dev.hark.infrastructure.outbound.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConvertingRecognizerAdapterTest {

    private static final AudioFormat NATIVE = AudioFormat.linear16Mono(16_000);
    private static final AudioFormat MULAW_8K = new AudioFormat(AudioEncoding.MULAW, 8_000, 1);

    private final ScriptedRecognizer scripted = new ScriptedRecognizer();
    private final ConvertingRecognizerAdapter adapter = new ConvertingRecognizerAdapter(new SixteenKilohertzOnly(scripted));
    private final Recorded recorded = new Recorded();

    @Test
    void opensTheWrappedStreamInItsNativeFormat_andSendsConvertedContiguousChunks() {
        CompletableFuture<RecognizerStream> opening = adapter.openStream(request(MULAW_8K), recorded);
        assertThat(scripted.lastCall().request().options().format()).isEqualTo(NATIVE);
        ScriptedStream engine = scripted.lastCall().succeed();
        RecognizerStream stream = opening.join();

        stream.sendAudio(new PcmChunk(0, new byte[160], MULAW_8K));
        stream.sendAudio(new PcmChunk(160, new byte[160], MULAW_8K));
        stream.closeGracefully();

        List<PcmChunk> sent = engine.audio();
        long next = 0;
        for (PcmChunk chunk : sent) {
            assertThat(chunk.format()).isEqualTo(NATIVE);
            assertThat(chunk.startSample()).isEqualTo(next);
            next = chunk.span().end();
        }
        assertThat(next).as("twice the client's 320 samples, the tail drained at close").isEqualTo(640);
        assertThat(engine.gracefulCloses()).isEqualTo(1);
    }

    @Test
    void movesEverythingTheRecognizerReportsOntoTheClientsClock() {
        adapter.openStream(request(MULAW_8K), recorded);
        RecognitionListener engineListener = scripted.lastCall().listener();

        engineListener.onHypothesis(new Hypothesis(true, "hello", new SampleSpan(3_200, 16_000),
                List.of(new Word("hello", new SampleSpan(4_000, 12_001), 0.9)), true, true));
        engineListener.onProgress(32_000);
        engineListener.onSpeechEvent(new SpeechEvent.SpeechStarted(1_600));
        engineListener.onSpeechEvent(new SpeechEvent.UtteranceEnded(12_000));
        engineListener.onClosed();

        Hypothesis mapped = recorded.hypotheses.getFirst();
        assertThat(mapped.span()).isEqualTo(new SampleSpan(1_600, 8_000));
        assertThat(mapped.words().getFirst().span()).isEqualTo(new SampleSpan(2_000, 6_001));
        assertThat(mapped.speechFinal()).isTrue();
        assertThat(mapped.fromFinalize()).isTrue();
        assertThat(recorded.progress).containsExactly(16_000L);
        assertThat(recorded.events).containsExactly(new SpeechEvent.SpeechStarted(800),
                new SpeechEvent.UtteranceEnded(6_000));
        assertThat(recorded.closed).isTrue();
    }

    @Test
    void passesANativeFormatStreamThroughUntouched() {
        CompletableFuture<RecognizerStream> opening = adapter.openStream(request(NATIVE), recorded);
        ScriptedStream engine = scripted.lastCall().succeed();

        assertThat(opening.join()).isSameAs(engine);
        assertThat(scripted.lastCall().listener()).isSameAs(recorded);
    }

    @Test
    void refusesARatePairWhoseFilterWouldBeUnreasonablyLarge_butTakesTheCommonRates() {
        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(44_101))).get()
                .extracting(ClientError::code).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT);
        for (int rate : AudioFormat.COMMON_SAMPLE_RATES) {
            for (AudioEncoding encoding : AudioEncoding.values()) {
                assertThat(adapter.refusalFor(new AudioFormat(encoding, rate, 2))).as("%s %d stereo", encoding, rate)
                        .isEmpty();
            }
        }
    }

    @Test
    void abandonsTheWrappedOpen_whenTheCallerGaveUpBeforeItOpened() {
        CompletableFuture<RecognizerStream> opening = adapter.openStream(request(MULAW_8K), recorded);

        opening.cancel(false);

        // the wrapped recognizer closes a stream whose open was abandoned (the embedded engine
        // returns the decoder, Deepgram closes the socket as soon as it opens)
        assertThat(scripted.lastCall().future()).isCancelled();
    }

    private static RecognizerStreamRequest request(AudioFormat format) {
        return new RecognizerStreamRequest(new SessionId("test-session"), new StreamOptions(format, true, "en", 65_536));
    }

    /** The scripted recognizer, saying (like the embedded engine) that it wants 16 kHz mono linear16. */
    private record SixteenKilohertzOnly(ScriptedRecognizer scripted) implements SpeechRecognizerPort {

        @Override
        public AudioFormat nativeFormatFor(AudioFormat clientFormat) {
            return NATIVE;
        }

        @Override
        public Optional<ClientError> refusalFor(AudioFormat format) {
            return scripted.refusalFor(format);
        }

        @Override
        public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                              RecognitionListener listener) {
            return scripted.openStream(request, listener);
        }
    }

    private static final class Recorded implements RecognitionListener {
        final List<Hypothesis> hypotheses = new ArrayList<>();
        final List<Long> progress = new ArrayList<>();
        final List<SpeechEvent> events = new ArrayList<>();
        boolean closed;

        @Override
        public void onHypothesis(Hypothesis hypothesis) {
            hypotheses.add(hypothesis);
        }

        @Override
        public void onProgress(long processedSamples) {
            progress.add(processedSamples);
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
            events.add(event);
        }

        @Override
        public void onClosed() {
            closed = true;
        }

        @Override
        public void onFailed(RecognizerException failure) {
            throw new AssertionError("unexpected failure", failure);
        }
    }
}
