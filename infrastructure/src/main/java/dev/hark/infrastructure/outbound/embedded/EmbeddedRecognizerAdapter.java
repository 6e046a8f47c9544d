package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.service.LanePolicy;
import dev.hark.application.service.SerialLane;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded recognizer: PocketSphinx through JNA, one pooled decoder per stream. Build it
 * with {@link #create}, and {@link #close()} it at shutdown to free the native decoders
 * (bootstrap wraps it in a {@code Managed}).
 */
public final class EmbeddedRecognizerAdapter implements SpeechRecognizerPort, RecognizerCapacityPort, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRecognizerAdapter.class);

    /**
     * A stream's lane on the shared decode executor: one task per turn, then behind the other
     * streams, so one busy stream cannot starve the others, and a lane never has more than one
     * turn waiting in the executor's queue (the shared queue is bounded by the number of streams,
     * which the decoder pool bounds). Unlike the session lanes, which run their whole queue per
     * hand-off because their tasks are tiny, a decode task can take tens of milliseconds, so
     * fairness between streams matters more than the cost of resubmitting. A refused hand-off
     * drops the task and throws; a task that throws is logged and does not stop the lane.
     */
    static SerialLane decodeLane(Executor decodeExecutor) {
        return new SerialLane(decodeExecutor, LanePolicy.turns(1, LanePolicy.Refusal.DROP_AND_THROW),
                failure -> LOG.error("serial lane task failed", failure));
    }
    private static final int SAMPLE_RATE = 16_000;

    private final DecoderPool pool;
    private final Executor decodeExecutor;
    private final Duration interimInterval;
    private final Duration maxBacklog;
    private final Duration retryAfter;
    /** Streams holding a decoder; each removes itself when it hands its decoder back. */
    private final Set<EmbeddedRecognizerStream> open = ConcurrentHashMap.newKeySet();

    EmbeddedRecognizerAdapter(DecoderPool pool, Executor decodeExecutor, Duration interimInterval,
                              Duration maxBacklog, Duration retryAfter) {
        this.pool = pool;
        this.decodeExecutor = decodeExecutor;
        this.interimInterval = interimInterval;
        this.maxBacklog = maxBacklog;
        this.retryAfter = retryAfter;
    }

    /**
     * Loads the native libraries (failing fast when they or the model files are missing) and
     * starts creating {@code warmDecoders} decoders in the background.
     *
     * @param decodeExecutor runs all decoding and decoder creation; should not reject work
     *                       (each stream keeps at most one task in its queue) and should have
     *                       about as many threads as cores
     * @throws IllegalStateException when the engine cannot be loaded
     */
    public static EmbeddedRecognizerAdapter create(EmbeddedEngineSettings settings, Executor decodeExecutor) {
        PocketSphinxEngine engine = PocketSphinxEngine.load(settings);
        DecoderPool pool = new DecoderPool(engine, settings.maxDecoders(), settings.capacityRetryAfter(),
                decodeExecutor);
        pool.warmUp(settings.warmDecoders());
        LOG.info("embedded engine loaded: up to {} decoders, {} warming", settings.maxDecoders(),
                settings.warmDecoders());
        return new EmbeddedRecognizerAdapter(pool, decodeExecutor, settings.interimInterval(),
                settings.maxBacklog(), settings.capacityRetryAfter());
    }

    /** PocketSphinx's acoustic model is trained on 16 kHz audio; other formats are converted in front of it. */
    @Override
    public AudioFormat nativeFormatFor(AudioFormat clientFormat) {
        return AudioFormat.linear16Mono(SAMPLE_RATE);
    }

    /** Only its native format: bootstrap puts a converting decorator in front for the others. */
    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        if (format.encoding() != AudioEncoding.LINEAR16) {
            return refuse("the embedded engine needs encoding=linear16 (got " + format.encoding().wireName() + ")");
        }
        if (format.sampleRate() != SAMPLE_RATE) {
            return refuse("the embedded engine needs sample_rate=" + SAMPLE_RATE + " (got " + format.sampleRate()
                    + ")");
        }
        if (format.channels() != 1) {
            return refuse("the embedded engine needs channels=1 (got " + format.channels()
                    + ")");
        }
        return Optional.empty();
    }

    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                          RecognitionListener listener) {
        Optional<ClientError> refusal = refusalFor(request.options().format());
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new RecognizerException(refusal.get()));
        }
        CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
        pool.acquire().whenComplete((decoder, failure) -> {
            if (failure != null) {
                LOG.info("session {}: no embedded decoder: {}", request.sessionId(), failure.getMessage());
                opened.completeExceptionally(unwrap(failure));
                return;
            }
            EmbeddedRecognizerStream stream = new EmbeddedRecognizerStream(request.sessionId(), decoder, pool,
                    decodeLane(decodeExecutor), listener, tuning(request.options().interimResults()), open::remove);
            open.add(stream);
            stream.start().whenComplete((started, startFailure) -> {
                if (startFailure != null) {
                    opened.completeExceptionally(startFailure);
                } else if (!opened.complete(started)) {
                    started.abort(); // the caller gave up waiting; hand the decoder back
                }
            });
        });
        return opened;
    }

    @Override
    public RecognizerCapacity capacity() {
        int live = pool.liveDecoders();
        int idle = pool.idleDecoders();
        int inUse = live - idle;
        Optional<String> refusal = inUse >= pool.maxDecoders()
                ? Optional.of("all " + pool.maxDecoders() + " decoders are busy") : Optional.empty();
        return new RecognizerCapacity(inUse, idle, pool.maxDecoders(), open.stream().mapToLong(EmbeddedRecognizerStream::backlogSamples).sum() / (double) SAMPLE_RATE,
                refusal);
    }

    /** Frees idle decoders now and the others as their streams end. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    private StreamTuning tuning(boolean interimResults) {
        return new StreamTuning(interimResults, samples(interimInterval), samples(maxBacklog), retryAfter);
    }

    private static long samples(Duration duration) {
        return duration.toMillis() * SAMPLE_RATE / 1000;
    }

    private static Optional<ClientError> refuse(String message) {
        return Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, message));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
