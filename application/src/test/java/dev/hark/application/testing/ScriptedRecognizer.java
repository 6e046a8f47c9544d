package dev.hark.application.testing;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import java.time.Duration;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recognizer whose streams open when the test completes their future, and whose listeners
 * the test drives by hand. Accepts 16 kHz mono linear16 only, like the embedded engine.
 */
public final class ScriptedRecognizer implements SpeechRecognizerPort {

    /** One call to {@link #openStream}: what was asked, who listens, and the future the test completes. */
    public record OpenCall(RecognizerStreamRequest request, RecognitionListener listener,
                           CompletableFuture<RecognizerStream> future) {

        /** Completes the open with a fresh scripted stream and returns it. */
        public ScriptedStream succeed() {
            ScriptedStream stream = new ScriptedStream();
            future.complete(stream);
            return stream;
        }
    }

    /** Latency bound 0: every frame is passed on as it arrives, so tests see exactly what they pushed. */
    public static final ChunkPolicy PASS_THROUGH = new ChunkPolicy(Duration.ofSeconds(10), Duration.ZERO);

    private final List<OpenCall> calls = new CopyOnWriteArrayList<>();
    private final ChunkPolicy chunking;

    public ScriptedRecognizer() {
        this(PASS_THROUGH);
    }

    public ScriptedRecognizer(ChunkPolicy chunking) {
        this.chunking = chunking;
    }

    @Override
    public ChunkPolicy chunking() {
        return chunking;
    }

    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        if (format.sampleRate() != 16_000 || format.channels() != 1) {
            return Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, "16 kHz mono only"));
        }
        return Optional.empty();
    }

    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request, RecognitionListener listener) {
        CompletableFuture<RecognizerStream> future = new CompletableFuture<>();
        calls.add(new OpenCall(request, listener, future));
        return future;
    }

    public List<OpenCall> calls() {
        return List.copyOf(calls);
    }

    public OpenCall lastCall() {
        return calls.get(calls.size() - 1);
    }
}
