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
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded recognizer: PocketSphinx through JNA, one pooled decoder per stream. Build it
 * with {@link #create}, and {@link #close()} it at shutdown to free the native decoders
 * (bootstrap wraps it in a {@code Managed}). A stream is opened only when both bounds allow:
 * the measured decode load ({@link DecodeCapacity}, CPU) and the decoder pool ({@link DecoderPool},
 * memory); otherwise the caller gets {@code CAPACITY_EXHAUSTED} with a retry hint at once.
 */
public final class EmbeddedRecognizerAdapter implements SpeechRecognizerPort, RecognizerCapacityPort, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRecognizerAdapter.class);
    static final int SAMPLE_RATE = 16_000;
    /** Up to a second of 250 ms chunks per turn on a decode thread (see {@link #decodeLane}). */
    static final int TASKS_PER_TURN = 4;

    /**
     * A stream's lane on the shared decode executor: at most {@code tasksPerTurn} tasks per turn,
     * then behind the other streams, so one busy stream cannot starve the others, and a lane never
     * has more than one turn waiting in the executor's queue (the shared queue is bounded by the
     * number of streams, which admission bounds). Unlike the session lanes, which run their whole
     * queue per hand-off because their tasks are tiny, a decode task can take tens of milliseconds,
     * so fairness between streams matters more than the cost of resubmitting. Why more than one per
     * turn: a decoder's working set (tens of megabytes of model) leaves the CPU caches while other
     * decoders run, so when a stream has fallen behind, working off a few of its chunks in one turn
     * decodes more audio per CPU second; a stream that keeps up has one chunk at a time anyway. A
     * refused hand-off drops the task and throws; a task that throws is logged and does not stop the lane.
     */
    static SerialLane decodeLane(Executor decodeExecutor, int tasksPerTurn) {
        return new SerialLane(decodeExecutor, LanePolicy.turns(tasksPerTurn, LanePolicy.Refusal.DROP_AND_THROW),
                failure -> LOG.error("serial lane task failed", failure));
    }

    private final DecoderPool pool;
    private final DecodeCapacity capacity;
    private final Executor decodeExecutor;
    private final ChunkPolicy chunking;
    private final Duration interimInterval;
    private final Duration maxBacklog;
    private final Duration retryAfter;

    EmbeddedRecognizerAdapter(DecoderPool pool, DecodeCapacity capacity, Executor decodeExecutor, Duration chunk,
                              Duration interimInterval, Duration maxBacklog, Duration retryAfter) {
        this.pool = pool;
        this.capacity = capacity;
        this.decodeExecutor = decodeExecutor;
        this.chunking = new ChunkPolicy(chunk, chunk.compareTo(ChunkPolicy.DEFAULTS.maxLatency()) > 0 ? chunk
                : ChunkPolicy.DEFAULTS.maxLatency());
        this.interimInterval = interimInterval;
        this.maxBacklog = maxBacklog;
        this.retryAfter = retryAfter;
    }

    /** {@link #create(EmbeddedEngineSettings, Executor, Executor)} creating decoders on the decode executor. */
    public static EmbeddedRecognizerAdapter create(EmbeddedEngineSettings settings, Executor decodeExecutor) {
        return create(settings, decodeExecutor, decodeExecutor);
    }

    /**
     * Loads the native libraries (failing fast when they or the model files are missing) and
     * starts creating the warm decoders in the background.
     *
     * @param decodeExecutor   runs all decoding; should not reject work (each stream keeps at
     *                         most one task in its queue) and should have about as many threads
     *                         as the machine has cores
     * @param creationExecutor creates decoders (about half a second of CPU each); a thread of its
     *                         own keeps that from holding up the streams being decoded
     * @throws IllegalStateException when the engine cannot be loaded
     */
    public static EmbeddedRecognizerAdapter create(EmbeddedEngineSettings settings, Executor decodeExecutor,
                                                   Executor creationExecutor) {
        PocketSphinxEngine engine = PocketSphinxEngine.load(settings);
        CapacitySettings limits = settings.capacity();
        DecoderPool pool = new DecoderPool(engine, limits.maxDecoders(), limits.retryAfter(), creationExecutor);
        pool.warmUp(limits.warmDecoders());
        DecodeCapacity capacity = new DecodeCapacity(limits.limits(SAMPLE_RATE), System::nanoTime,
                ThreadCpu.clock());
        LOG.info("embedded engine loaded: up to {} decoders ({} warming), {} cores of decoding, search {}",
                limits.maxDecoders(), limits.warmDecoders(), limits.decodeCores(), settings.search());
        return new EmbeddedRecognizerAdapter(pool, capacity, decodeExecutor, settings.chunk(),
                settings.interimInterval(), settings.maxBacklog(), limits.retryAfter());
    }

    /** Chunks of {@code embedded.chunk}, at most that or the session's default latency bound late. */
    @Override
    public ChunkPolicy chunking() {
        return chunking;
    }

    /** Refuses formats the engine cannot take, and any stream while the decoders are at capacity. */

    /** PocketSphinx's acoustic model is trained on 16 kHz audio; other formats are converted in front of it. */
    @Override
    public AudioFormat nativeFormatFor(AudioFormat clientFormat) {
        return AudioFormat.linear16Mono(SAMPLE_RATE);
    }

    /** Only its native format: bootstrap puts a converting decorator in front for the others. */
    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        return formatRefusal(format).or(() -> capacity.refusal().or(pool::refusal));
    }

    private static Optional<ClientError> formatRefusal(AudioFormat format) {
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
        Optional<ClientError> refusal = formatRefusal(request.options().format());
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new RecognizerException(refusal.get()));
        }
        return switch (capacity.admit()) {
            case DecodeCapacity.Refused refused -> {
                LOG.info("session {}: refused: {}", request.sessionId(), refused.error().message());
                yield CompletableFuture.failedFuture(new RecognizerException(refused.error()));
            }
            case DecodeCapacity.Admitted admitted -> open(request, listener, admitted.share());
        };
    }

    /** How loaded the decoders are, for metrics. */
    public EmbeddedEngineLoad load() {
        DecodeCapacity.Load load = capacity.load();
        return new EmbeddedEngineLoad(load.streams(), pool.liveDecoders(), pool.idleDecoders(), load.realTimeFactor(),
                load.demandCores(),
                load.behindSeconds(), load.lagSeconds());
    }

    private CompletableFuture<RecognizerStream> open(RecognizerStreamRequest request, RecognitionListener listener,
                                                     DecodeCapacity.Share share) {
        CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
        pool.acquire().whenComplete((decoder, failure) -> {
            if (failure != null) {
                share.close();
                LOG.info("session {}: no embedded decoder: {}", request.sessionId(), failure.getMessage());
                opened.completeExceptionally(unwrap(failure));
                return;
            }
            EmbeddedRecognizerStream stream = new EmbeddedRecognizerStream(request.sessionId(), decoder, pool,
                    decodeLane(decodeExecutor, TASKS_PER_TURN), listener, tuning(request.options().interimResults()), share);
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

    /** For readiness: decoders in use (memory) and why a new stream would be refused now (load, then decoders). */
    @Override
    public RecognizerCapacity capacity() {
        int idle = pool.idleDecoders();
        int inUse = pool.liveDecoders() - idle;
        Optional<String> refusal = capacity.refusal().or(pool::refusal).map(ClientError::message);
        return new RecognizerCapacity(inUse, idle, pool.maxDecoders(), capacity.load().queuedSeconds(), refusal);
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
