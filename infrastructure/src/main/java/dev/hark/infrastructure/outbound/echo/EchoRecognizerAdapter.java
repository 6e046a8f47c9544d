package dev.hark.infrastructure.outbound.echo;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A recognizer for benchmarks and tests ({@code provider: echo}): every chunk it is sent comes
 * straight back as a final whose text names the chunk's sample range, for example
 * {@code "samples 3200-3520"}. It takes any format, needs no model, and never fails or refuses.
 *
 * <p>Its {@link #chunking()} passes client frames through one for one: the session's chunker
 * forwards each frame as soon as it arrives and never splits one (any frame within
 * {@code stream.maxFrameSize} is shorter than {@link #PASS_THROUGH}'s ten seconds). So the time
 * from a frame to its final measures the gateway, not the chunker's intentional batching of up
 * to 250 ms; the chunker's own cost is measured separately by the JMH benchmarks in the
 * {@code bench} module.
 */
public final class EchoRecognizerAdapter implements SpeechRecognizerPort, RecognizerCapacityPort {

    @Override
    public RecognizerCapacity capacity() {
        return RecognizerCapacity.UNBOUNDED;
    }


    /** No waiting ({@code maxLatency} zero) and no splitting (no frame is ten seconds long). */
    static final ChunkPolicy PASS_THROUGH = new ChunkPolicy(Duration.ofSeconds(10), Duration.ZERO);

    private final Executor callbacks;

    /** @param callbacks runs the streams' listener calls (each stream serialized on its own lane) */
    public EchoRecognizerAdapter(Executor callbacks) {
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    @Override
    public ChunkPolicy chunking() {
        return PASS_THROUGH;
    }

    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        return Optional.empty();
    }

    /** Opens at once: there is nothing to connect to. */
    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                          RecognitionListener listener) {
        Objects.requireNonNull(listener, "listener");
        return CompletableFuture.completedFuture(new EchoRecognizerStream(request.sessionId(),
                request.options().format(), EchoRecognizerStream.laneOn(callbacks), listener));
    }
}
