package dev.hark.infrastructure.outbound.echo;

import dev.hark.application.service.LanePolicy;
import dev.hark.application.service.SerialLane;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One echo stream. Each {@link #sendAudio} queues one final for exactly that chunk's span on the
 * stream's lane ({@link #laneOn}); finals therefore come in the order the audio did, each chunk once.
 * The text names the span on the stream's clock, which is the session's clock as long as the
 * stream is the session's first (an echo stream never fails, so it is never replaced); the
 * transcript's {@code start}/{@code end} carry the span rebased by the session in any case.
 *
 * <p>Progress is reported every half second of audio and once more before {@code onClosed}, so
 * the session's backpressure and watchdog see a recognizer that keeps up.
 */
final class EchoRecognizerStream implements RecognizerStream {

    private static final Logger LOG = LoggerFactory.getLogger(EchoRecognizerStream.class);

    /**
     * A stream's lane on the shared callback executor: its listener calls never overlap and never
     * run on the caller's thread (no inline runs). Echo tasks are tiny, so a hand-off runs the whole
     * queue (like the session lanes) instead of one task per turn (like the decode lanes), which
     * would double the hand-offs per frame. A refused hand-off (shutdown) drops the task and throws.
     */
    static SerialLane laneOn(Executor callbacks) {
        return new SerialLane(callbacks, LanePolicy.drainAll(LanePolicy.Refusal.DROP_AND_THROW),
                failure -> LOG.error("echo lane task failed", failure));
    }

    private enum Phase { OPEN, CLOSING, ENDED }

    private final SessionId sessionId;
    private final Executor lane;
    private final RecognitionListener listener;
    private final long progressEvery;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.OPEN);
    /** Set by {@link #abort()} on any thread: silences every later callback. */
    private volatile boolean aborted;
    /** Lane-confined. */
    private long processed;
    private long lastProgress;

    EchoRecognizerStream(SessionId sessionId, AudioFormat format, Executor lane, RecognitionListener listener) {
        this.sessionId = sessionId;
        this.lane = lane;
        this.listener = listener;
        this.progressEvery = Math.max(1, format.sampleRate() / 2);
    }

    /** The text of the final for {@code span}: {@code "samples START-END"}, half-open. */
    static String textFor(SampleSpan span) {
        return "samples " + span.start() + "-" + span.end();
    }

    @Override
    public void sendAudio(PcmChunk chunk) {
        if (phase.get() != Phase.OPEN) {
            return;
        }
        SampleSpan span = chunk.span();
        enqueue(() -> {
            if (aborted) {
                return;
            }
            safely(() -> listener.onHypothesis(Hypothesis.finalResult(textFor(span), span, List.of())));
            processed = span.end();
            if (processed - lastProgress >= progressEvery) {
                reportProgress();
            }
        });
    }

    /** Every chunk is final the moment it arrives: nothing is pending to flush. */
    @Override
    public void finalizeUtterance() {
    }

    @Override
    public void closeGracefully() {
        if (!phase.compareAndSet(Phase.OPEN, Phase.CLOSING)) {
            return;
        }
        enqueue(() -> {
            if (aborted) {
                return;
            }
            if (processed > lastProgress) {
                reportProgress();
            }
            phase.set(Phase.ENDED);
            safely(listener::onClosed);
        });
    }

    @Override
    public void abort() {
        aborted = true;
        phase.set(Phase.ENDED);
    }

    @Override
    public boolean isOpen() {
        return phase.get() == Phase.OPEN;
    }

    private void reportProgress() {
        lastProgress = processed;
        long through = processed;
        safely(() -> listener.onProgress(through));
    }

    private void enqueue(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            // only at shutdown: the executor is stopping and so is the session
            LOG.debug("session {}: echo executor refused work", sessionId);
            phase.set(Phase.ENDED);
        }
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("session {}: recognition listener threw", sessionId, e);
        }
    }
}
