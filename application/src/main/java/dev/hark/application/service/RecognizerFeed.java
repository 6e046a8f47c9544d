package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.audio.Chunker;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The audio path from a session to its current recognizer stream: the stream's clock (its
 * {@link #base} on the session's), the chunker that regroups frames with a latency bound (H21)
 * and its timer, and the hand-over from replay ({@link ReplayPump}) to live audio. What the
 * stream did with the audio is its {@link StreamProgress}; backpressure on the client is the
 * {@link ReadGate}'s. The stream itself is the {@link RecognizerLink}'s: the feed only hands it chunks.
 *
 * <p>Lane-confined like the {@link RecognizerSide} that owns it. Durations are measured on the
 * injected monotonic ticker, never on a wall clock.
 */
final class RecognizerFeed implements ReplayPump.Target {

    private static final Logger LOG = System.getLogger(RecognizerFeed.class.getName());

    private final Session session;
    private final SessionContext context;
    private final SessionLane lane;
    private final AudioLedger ledger;
    private final Runnable onReplayCaughtUp;
    private final RecognizerLink link;
    private final StreamProgress progress = new StreamProgress();
    private final ReadGate reads;
    private final ReplayPump replay;
    private boolean attached;
    /** The current stream threw from {@code sendAudio}: nothing more is sent to it; the ledger keeps the audio. */
    private boolean sendFailed;
    /** Session sample at which the current stream's clock starts. */
    private long base;
    private Chunker chunker;
    private ScheduledTask chunkTimer;

    /**
     * @param link the owner of the stream the audio goes to; a send that throws is reported to it
     *             (adapters should not throw, but if one does it is a failure of that stream,
     *             replaced with replay)
     */
    RecognizerFeed(Session session, SessionContext context, SessionLane lane, AudioLedger ledger,
                   Runnable onReplayCaughtUp, RecognizerLink link) {
        this.session = session;
        this.context = context;
        this.lane = lane;
        this.ledger = ledger;
        this.onReplayCaughtUp = onReplayCaughtUp;
        this.link = link;
        this.reads = new ReadGate(context, progress, lane, session.format());
        this.replay = new ReplayPump(context, lane, ledger, session.format().sampleRate(), this);
    }

    /** Signs of life of the current stream, for the link's keepalive and watchdog. */
    LinkLiveness.Activity activity() {
        return progress;
    }

    /**
     * A stream opened: it gets everything retained after the acknowledged watermark (early audio,
     * or after a failure everything not yet covered by a final), paced when {@code paced}, then
     * live audio.
     */
    void attach(boolean paced) {
        attached = true;
        sendFailed = false;
        base = ledger.acknowledged();
        progress.restart(nowNanos());
        chunker = newChunker();
        double speed = context.recognizer().maxReplaySpeed();
        if (!paced || speed <= 0) {
            for (PcmChunk chunk : ledger.retainedFrom(base)) {
                chunker.offer(chunk, nowNanos());
            }
            chunker.flushAll(nowNanos());
        } else {
            replay.start(base, speed);
        }
    }

    /**
     * The stream is gone; what it had not finished is in the ledger for the next one. Reads go on.
     * Its chunk and replay timers go with it, so the next stream starts its own at once.
     */
    void detach() {
        attached = false;
        progress.stop();
        chunker = null;
        replay.stop();
        if (chunkTimer != null) {
            chunkTimer.cancel();
            chunkTimer = null;
        }
        reads.open();
    }

    boolean isReplaying() {
        return replay.isRunning();
    }

    /** Where the current stream's clock starts on the session clock. */
    long base() {
        return base;
    }

    /** Live audio, already retained in the ledger; sent unless no stream or a replay is still catching up. */
    void accept(PcmChunk chunk) {
        if (!attached || replay.isRunning()) {
            return; // the ledger holds it until a stream (or the replay) gets to it
        }
        long now = nowNanos(); // one clock read per frame, for the chunker and its timer alike
        if (chunker.offer(chunk, now) == Chunker.Offer.REFUSED_FULL) {
            // cannot happen while the sink never fails; the ledger still has the audio for a replay
            context.metrics().chunkerRefused(chunk.sampleCount());
            LOG.log(Level.WARNING, "session {0}: chunker full; {1} samples wait for the next replay",
                    session.id(), chunk.sampleCount());
        }
        scheduleChunkTick(now);
    }

    void flush() {
        if (chunker != null) {
            chunker.flushAll(nowNanos());
        }
    }

    void onProgress(long processedSamples) {
        progress.processed(processedSamples, nowNanos());
        reads.recheck();
    }

    /** Any result is a sign of life. */
    void onResult() {
        progress.answered(nowNanos());
    }

    /** The stream was asked to close and owes an answer: the watchdog counts from now, as after audio. */
    void expectAnswer() {
        progress.expectAnswer(nowNanos());
    }

    /** H24: see {@link ReadGate#allowNextRead}. */
    void allowNextRead(Runnable readNext) {
        reads.allowNextRead(readNext);
    }

    /** The session is over: no timers, and a held read is let go so the socket can see the close. */
    void end() {
        detach();
    }

    @Override
    public void offer(PcmChunk part, long nowNanos) {
        chunker.offer(part, nowNanos);
    }

    @Override
    public void stepDone(long nowNanos) {
        scheduleChunkTick(nowNanos);
    }

    @Override
    public void caughtUp() {
        onReplayCaughtUp.run();
    }

    private Chunker newChunker() {
        ChunkPolicy policy = context.recognizer().chunking();
        Duration bound = policy.minChunk().plus(policy.maxLatency())
                .plusMillis(1000L * session.options().maxFrameBytes() / session.format().bytesPerFrame()
                        / session.format().sampleRate() + 1);
        return new Chunker(session.format(), policy, bound, this::send);
    }

    /**
     * Drives the chunker's latency bound by a timer too, not only by arrivals (H21). A timer
     * belongs to the chunker it was set for: one that fires after its stream was replaced (its
     * cancel raced the firing) touches nothing, so it can neither tick the new chunker nor block
     * the new chunker's own timer.
     */
    private void scheduleChunkTick(long nowNanos) {
        if (chunkTimer != null || chunker == null) {
            return;
        }
        chunker.nextDeadlineNanos().ifPresent(deadline -> {
            long delay = Math.max(0, deadline - nowNanos);
            Chunker stamped = chunker;
            chunkTimer = lane.schedule(Duration.ofNanos(delay), "chunk timer", () -> {
                if (chunker != stamped || session.state().isTerminal()) {
                    return; // stale: its chunker is gone, and so is its claim on chunkTimer
                }
                chunkTimer = null;
                long now = nowNanos();
                stamped.onTick(now);
                scheduleChunkTick(now);
            });
        });
    }

    /** @param now the reading the chunker was driven with: the frame's one clock read, not a second */
    private void send(PcmChunk chunk, long now) {
        if (sendFailed) {
            return; // the stream is being replaced; the ledger holds this audio for its successor
        }
        PcmChunk rebased = chunk.rebasedBy(base);
        progress.sending(now);
        try {
            link.send(rebased);
        } catch (RuntimeException e) {
            sendFailed = true;
            link.sendFailed(e);
            return;
        }
        progress.sent(rebased.span().end(), now);
    }

    private long nowNanos() {
        return context.ticker().nanoTime();
    }
}
