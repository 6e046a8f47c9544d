package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream over one pooled decoder. Public methods only queue work on the stream's decode
 * lane ({@link EmbeddedRecognizerAdapter#decodeLane}), so the decoder is touched by one thread at
 * a time and never by the caller, and listener calls come in order without overlapping. The decoder goes back to the
 * pool exactly once, from the lane, after the last task that uses it: released when healthy,
 * discarded when the engine failed.
 */
final class EmbeddedRecognizerStream implements RecognizerStream {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRecognizerStream.class);

    private enum Phase { OPEN, CLOSING, ENDED }

    private final SessionId sessionId;
    private final SpeechDecoder decoder;
    private final DecoderLender pool;
    private final Executor lane;
    private final RecognitionListener listener;
    private final UtteranceTracker tracker;
    private final long maxBacklogSamples;
    private final Duration retryAfter;
    /** This stream's account with the capacity model: its queued audio and what decoding it costs. */
    private final DecodeCapacity.Share share;

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.OPEN);
    /** Set by {@link #abort()} on any thread; silences every later callback. */
    private volatile boolean aborted;
    /** Lane-confined: the decoder has gone back to the pool and nothing more may be reported. */
    private boolean finished;

    EmbeddedRecognizerStream(SessionId sessionId, SpeechDecoder decoder, DecoderLender pool, Executor lane,
                             RecognitionListener listener, StreamTuning tuning, DecodeCapacity.Share share) {
        this.sessionId = sessionId;
        this.share = share;
        this.decoder = decoder;
        this.pool = pool;
        this.lane = lane;
        this.listener = listener;
        this.tracker = new UtteranceTracker(decoder, tuning.interimResults(), tuning.interimIntervalSamples(),
                this::deliver, this::deliverSpeechEvent);
        this.maxBacklogSamples = tuning.maxBacklogSamples();
        this.retryAfter = tuning.retryAfter();
    }

    /** Opens the first utterance on the lane; completes with this stream, or fails and discards the decoder. */
    CompletableFuture<RecognizerStream> start() {
        CompletableFuture<RecognizerStream> started = new CompletableFuture<>();
        boolean queued = enqueue(() -> {
            try {
                tracker.startStream();
                started.complete(this);
            } catch (RuntimeException e) {
                LOG.warn("session {}: embedded decoder failed to start an utterance", sessionId, e);
                finish(false);
                started.completeExceptionally(providerError(e));
            }
        });
        if (!queued) {
            share.close();
            pool.release(decoder);
            started.completeExceptionally(providerError(new RejectedExecutionException("decode executor refused")));
        }
        return started;
    }

    @Override
    public void sendAudio(PcmChunk chunk) {
        if (phase.get() != Phase.OPEN) {
            return;
        }
        long samples = chunk.sampleCount();
        DecodeCapacity.Queued queued = share.queued(samples);
        if (queued.pendingSamples() > maxBacklogSamples) {
            fallBehind();
            return;
        }
        enqueue(() -> {
            if (live()) {
                share.decode(samples, queued.atNanos(), () -> guarded(() -> tracker.accept(chunk.pcm())));
                reportProgress(samples);
            }
        });
    }

    @Override
    public void finalizeUtterance() {
        if (phase.get() == Phase.OPEN) {
            long requested = share.queued(0).atNanos();
            enqueue(() -> {
                if (live()) {
                    share.decode(0, requested, () -> guarded(tracker::cut));
                }
            });
        }
    }

    @Override
    public void closeGracefully() {
        if (!phase.compareAndSet(Phase.OPEN, Phase.CLOSING)) {
            return;
        }
        long requested = share.queued(0).atNanos();
        enqueue(() -> {
            if (!live()) {
                return;
            }
            share.decode(0, requested, () -> guarded(tracker::finish));
            if (!finished) {
                // the decoder goes back before the session hears "closed", so a client that
                // reconnects the moment it reads session.closed finds the capacity free
                finish(true);
                safely(listener::onClosed);
                LOG.debug("session {}: embedded stream closed", sessionId);
            }
        });
    }

    @Override
    public void abort() {
        aborted = true;
        if (phase.getAndSet(Phase.ENDED) != Phase.ENDED) {
            LOG.debug("session {}: embedded stream aborted", sessionId);
        }
        enqueue(() -> {
            if (!finished) {
                finish(true);
            }
        });
    }

    @Override
    public boolean isOpen() {
        return phase.get() == Phase.OPEN;
    }

    private void fallBehind() {
        if (phase.compareAndSet(Phase.OPEN, Phase.ENDED)) {
            LOG.warn("session {}: embedded decoder fell behind by more than {} samples; failing the stream",
                    sessionId, maxBacklogSamples);
            enqueue(() -> {
                if (live()) {
                    finish(true);
                    safely(() -> listener.onFailed(new RecognizerException(ClientError.retryable(
                            ErrorCode.CAPACITY_EXHAUSTED, "the embedded engine fell behind the audio", retryAfter))));
                }
            });
        }
    }

    private void guarded(Runnable decoderWork) {
        try {
            decoderWork.run();
        } catch (RuntimeException e) {
            LOG.error("session {}: embedded decoder failed; discarding it", sessionId, e);
            finish(false);
            if (!aborted) {
                safely(() -> listener.onFailed(providerError(e)));
            }
        }
    }

    /** Lane only. */
    private void deliver(Hypothesis hypothesis) {
        if (!aborted) {
            safely(() -> listener.onHypothesis(hypothesis));
        }
    }

    private void deliverSpeechEvent(SpeechEvent event) {
        if (!aborted) {
            safely(() -> listener.onSpeechEvent(event));
        }
    }

    /**
     * Proof of life for the session's watchdog, about twice a second of audio, so silence (which
     * yields no hypotheses) is not mistaken for a stalled decoder. Lane only.
     */
    private void reportProgress(long samples) {
        processedSamples += samples;
        if (live() && processedSamples - lastProgressReport >= PROGRESS_EVERY_SAMPLES) {
            lastProgressReport = processedSamples;
            long processed = processedSamples;
            safely(() -> listener.onProgress(processed));
        }
    }

    private boolean live() {
        return !finished && !aborted;
    }

    /** Lane only: hands the decoder back once; nothing is reported after this. */
    /** Audio queued ahead of the decoder (for the engine's backlog gauge). */

    private void finish(boolean healthy) {
        finished = true;
        phase.set(Phase.ENDED);
        share.close();
        if (healthy) {
            pool.release(decoder);
        } else {
            pool.discard(decoder);
        }
    }

    private boolean enqueue(Runnable task) {
        try {
            lane.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.error("session {}: decode executor refused work; the stream is dead", sessionId, e);
            phase.set(Phase.ENDED);
            return false;
        }
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("session {}: recognition listener threw", sessionId, e);
        }
    }

    private static final long PROGRESS_EVERY_SAMPLES = 8_000;
    private long processedSamples;
    private long lastProgressReport;

    private static RecognizerException providerError(Throwable cause) {
        // a fresh decoder may well not fail: the session reconnects and replays (H23)
        return RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR, "the embedded engine failed"), cause);
    }
}
