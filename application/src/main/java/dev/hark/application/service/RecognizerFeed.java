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
 * The audio path from a session to its current recognizer stream: regrouping frames into
 * chunks with a latency bound (H21), replaying retained audio into a new stream, paced when the
 * provider asks (H23), rebasing onto the stream's clock, and accounting for what was sent and
 * what the stream says it processed, which drives backpressure (H24) and the watchdog.
 *
 * <p>Lane-confined like the {@link LiveSession} that owns it. Durations (chunk latency,
 * replay pace, the watchdog's and keepalive's waits) are measured on the injected monotonic
 * ticker, never on a wall clock.
 */
final class RecognizerFeed implements LinkLiveness.Activity {

    private static final Logger LOG = System.getLogger(RecognizerFeed.class.getName());
    private static final Duration REPLAY_STEP = Duration.ofMillis(100);

    private final Session session;
    private final SessionContext context;
    private final SessionLane lane;
    private final AudioLedger ledger;
    private final Runnable onReplayCaughtUp;
    private final RecognizerLink link;
    /** Counts attachments, so a replay timer set for an earlier stream recognises itself as stale. */
    private long attachment;
    private boolean attached;
    /** The current stream threw from {@code sendAudio}: nothing more is sent to it; the ledger keeps the audio. */
    private boolean sendFailed;
    /** Session sample at which the current stream's clock starts. */
    private long base;
    private Chunker chunker;
    private ScheduledTask chunkTimer;
    private ReplayPacer replay;
    private ScheduledTask replayTimer;
    /** On the stream's clock: audio sent to it, and audio it says it consumed. */
    private long sentThrough;
    private long progressThrough;
    private long lastAudioSentNanos;
    private long waitingSinceNanos;
    /**
     * The stream said something (progress or a result) since the last audio sent to it. Providers
     * may keep the last fraction of a second unreported until more audio comes (Deepgram reports
     * progress through its Results windows, the embedded engine every half second), so a stream
     * that answered after its last audio is alive, however long the client then pauses.
     */
    private boolean answeredSinceSend;
    /** The client's next read, held back while the recognizer is too far behind (H24); null when none is held. */
    private Runnable parkedRead;

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
    }

    /**
     * A stream opened: it gets everything retained after the acknowledged watermark (early audio,
     * or after a failure everything not yet covered by a final), paced when {@code paced}, then
     * live audio.
     */
    void attach(boolean paced) {
        attached = true;
        long stamp = ++attachment;
        sendFailed = false;
        base = ledger.acknowledged();
        sentThrough = 0;
        progressThrough = 0;
        waitingSinceNanos = nowNanos();
        lastAudioSentNanos = waitingSinceNanos;
        answeredSinceSend = false;
        chunker = newChunker();
        double speed = context.recognizer().maxReplaySpeed();
        if (!paced || speed <= 0) {
            for (PcmChunk chunk : ledger.retainedFrom(base)) {
                chunker.offer(chunk, nowNanos());
            }
            chunker.flushAll(nowNanos());
        } else {
            replay = new ReplayPacer(base, nowNanos(), speed, session.format().sampleRate());
            paceReplay(stamp);
        }
    }

    /**
     * The stream is gone; what it had not finished is in the ledger for the next one. Reads go on.
     * Its chunk and replay timers go with it, so the next stream starts its own at once.
     */
    void detach() {
        attached = false;
        chunker = null;
        replay = null;
        cancel(replayTimer);
        replayTimer = null;
        cancel(chunkTimer);
        chunkTimer = null;
        releaseRead(true);
    }

    boolean isReplaying() {
        return replay != null;
    }

    /** Where the current stream's clock starts on the session clock. */
    long base() {
        return base;
    }

    /** Live audio, already retained in the ledger; sent unless no stream or a replay is still catching up. */
    void accept(PcmChunk chunk) {
        if (!attached || replay != null) {
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
        progressThrough = Math.max(progressThrough, processedSamples);
        waitingSinceNanos = nowNanos();
        answeredSinceSend = true;
        releaseRead(false);
    }

    /** Any result is a sign of life. */
    void onResult() {
        waitingSinceNanos = nowNanos();
        answeredSinceSend = true;
    }

    /** The stream was asked to close and owes an answer: the watchdog counts from now, as after audio. */
    void expectAnswer() {
        answeredSinceSend = false;
        waitingSinceNanos = nowNanos();
    }

    /** Audio outstanding, no answer since it was sent, and no sign of life for {@code timeout}. */
    @Override
    public boolean stalled(long nowNanos, Duration timeout) {
        return attached && sentThrough > progressThrough && !answeredSinceSend
                && nowNanos - waitingSinceNanos >= timeout.toNanos();
    }

    /** Nothing sent for {@code interval}; the caller sends a keepalive and reports it with {@link #keptAlive}. */
    @Override
    public boolean idleFor(long nowNanos, Duration interval) {
        return attached && nowNanos - lastAudioSentNanos >= interval.toNanos();
    }

    @Override
    public void keptAlive(long nowNanos) {
        lastAudioSentNanos = nowNanos;
    }

    /**
     * H24: the session has taken the client's current message; {@code readNext} lets the client's
     * next one in, now, or once the recognizer has worked off half of its backlog while it is too
     * far behind. Either way the lane never holds more than one message per socket.
     */
    void allowNextRead(Runnable readNext) {
        long backlog = !attached ? 0 : sentThrough - progressThrough;
        if (parkedRead == null && backlog <= maxBacklogSamples()) {
            readNext.run();
            return;
        }
        Runnable displaced = parkedRead;
        parkedRead = readNext;
        if (displaced != null) {
            displaced.run(); // a replaced socket's read (one message per socket): letting it go costs nothing
        } else {
            context.metrics().readsPaused();
            LOG.log(Level.INFO, "session {0}: recognizer {1} s behind; pausing reads from the client",
                    session.id(), backlog / session.format().sampleRate());
        }
    }

    /** The session is over: no timers, and a held read is let go so the socket can see the close. */
    void end() {
        detach();
    }

    private void releaseRead(boolean force) {
        if (parkedRead != null && (force || !attached || sentThrough - progressThrough <= maxBacklogSamples() / 2)) {
            Runnable read = parkedRead;
            parkedRead = null;
            read.run();
        }
    }

    /**
     * Offers the replay backlog no faster than the provider allows, then hands over to live audio,
     * which waits in the ledger meanwhile, so order is kept (H23).
     */
    private void paceReplay(long stamped) {
        if (replay == null || attachment != stamped || session.state().isTerminal()) {
            return;
        }
        long now = nowNanos();
        long allowedThrough = replay.allowedThrough(now);
        for (PcmChunk chunk : ledger.retainedFrom(replay.offeredThrough())) {
            if (chunk.startSample() >= allowedThrough) {
                break;
            }
            PcmChunk part = chunk.until(allowedThrough);
            chunker.offer(part, now);
            replay.offered(part.span().end());
        }
        scheduleChunkTick(now);
        if (replay.offeredThrough() >= ledger.received()) {
            replay = null;
            replayTimer = null;
            onReplayCaughtUp.run();
        } else {
            replayTimer = lane.schedule(REPLAY_STEP, "replay step", () -> paceReplay(stamped));
        }
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

    private void send(PcmChunk chunk) {
        if (sendFailed) {
            return; // the stream is being replaced; the ledger holds this audio for its successor
        }
        PcmChunk rebased = chunk.rebasedBy(base);
        long now = nowNanos();
        if (progressThrough >= sentThrough || answeredSinceSend) {
            waitingSinceNanos = now; // caught up, or answered since the last audio: the watchdog starts counting here
        }
        answeredSinceSend = false;
        try {
            link.send(rebased);
        } catch (RuntimeException e) {
            sendFailed = true;
            link.sendFailed(e);
            return;
        }
        sentThrough = rebased.span().end();
        lastAudioSentNanos = now;
    }

    private long maxBacklogSamples() {
        return session.format().samplesFor(context.settings().recovery().maxRecognizerBacklog().toMillis());
    }

    private long nowNanos() {
        return context.ticker().nanoTime();
    }

    private static void cancel(ScheduledTask task) {
        if (task != null) {
            task.cancel();
        }
    }
}
