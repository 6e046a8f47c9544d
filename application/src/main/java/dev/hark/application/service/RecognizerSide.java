package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionState;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The recognizer half of a session (the worker's half in cluster mode): the ledger, the
 * {@link RecognizerLink} that owns the stream, the {@link RecognizerFeed} that sends it audio,
 * and the {@link TranscriptPath} its results take. It hears the client side only through
 * {@link RecognitionInput} and answers only through {@link RecognitionOutput}; requests that no
 * stream could take yet (finalize, close) wait here until one has caught up.
 *
 * <p>Lane-confined: every method runs on the session's lane; the stream's events arrive through
 * {@link SessionRecognitionListener}, stamped with the stream's epoch, and only the current
 * stream's pass (H1).
 */
final class RecognizerSide implements RecognitionInput {

    private static final Logger LOG = System.getLogger(RecognizerSide.class.getName());

    private final Session session;
    private final SessionContext context;
    private final SessionLane lane;
    private final RecognitionOutput output;
    private final AudioLedger ledger;
    private final long maxPendingSamples;
    private final RecognizerLink link;
    private final RecognizerFeed feed;
    private final TranscriptPath transcripts;
    private final ReplayTiming replay;
    private boolean clientPresent = true;
    private boolean finalizeRequested;
    private boolean closeRequested;
    private boolean replayLimitReported;

    /** @param origin an adopted session goes on from its journal's watermark, detached, its stream released (H33) */
    RecognizerSide(Session session, SessionContext context, SessionLane lane, RecognitionOutput output,
                   SessionOrigin origin) {
        this.session = session;
        this.context = context;
        this.lane = lane;
        this.output = output;
        SessionSettings settings = context.settings();
        this.maxPendingSamples = session.format().samplesFor(settings.maxPendingAudio().toMillis());
        long startsAt = origin instanceof SessionOrigin.Adopted adopted ? adopted.watermark() : 0;
        this.ledger = new AudioLedger(session.format().samplesFor(settings.recovery().maxRetainedAudio().toMillis()),
                startsAt);
        this.link = new RecognizerLink(context, new RecognizerStreamRequest(session.id(), session.options()), lane,
                new LinkEvents());
        this.feed = new RecognizerFeed(session, context, lane, ledger, this::onReplayCaughtUp, link);
        link.watch(feed.activity());
        this.replay = new ReplayTiming(context);
        this.transcripts = new TranscriptPath(session, context, ledger, feed, () -> clientPresent, output, startsAt);
        if (origin instanceof SessionOrigin.Adopted) {
            clientPresent = false; // the resume that adopted it attaches next, and opens one stream (H27)
            link.openedElsewhere();
        }
    }

    /** Any thread: whether a stream is held or being opened (for stats). */
    boolean holdsStream() {
        return link.holdsStream();
    }

    /** For logs: where the link stands. */
    String linkState() {
        return link.state().getClass().getSimpleName();
    }

    // ---- the seam, client side in ----------------------------------------------------------

    @Override
    public void start() {
        link.open();
    }

    @Override
    public boolean earlyAudioFull(long samples) {
        return !link.everOpened() && ledger.retainedSamples() + samples > maxPendingSamples;
    }

    @Override
    public void audio(PcmChunk chunk) {
        assert lane.isCurrent();
        long released = ledger.retain(chunk);
        if (released > 0) {
            context.metrics().audioNotReplayable(released);
            if (!replayLimitReported) {
                replayLimitReported = true;
                output.notice(ClientError.of(ErrorCode.AUDIO_NOT_REPLAYABLE, "recognition is more than "
                        + context.settings().recovery().maxRetainedAudio().toSeconds()
                        + " s behind; the oldest audio can no longer be replayed if the recognizer fails"));
            }
        }
        feed.accept(chunk); // with no stream open, the ledger keeps it for the one that opens next
    }

    @Override
    public void finalizeUtterance() {
        assert lane.isCurrent();
        if (canTakeRequests()) {
            feed.flush();
            link.finalizeUtterance();
        } else {
            finalizeRequested = true;
        }
    }

    @Override
    public void close() {
        assert lane.isCurrent();
        closeRequested = true;
        if (canTakeRequests()) {
            closeStream();
        }
        // still opening, replaying or released: carried out as soon as a stream has caught up
    }

    @Override
    public void clientAway() {
        assert lane.isCurrent();
        clientPresent = false;
        releaseIfDetached();
    }

    @Override
    public void clientBack() {
        assert lane.isCurrent();
        clientPresent = true;
        switch (link.state()) {
            case LinkState.Finished finished -> output.finished();
            case LinkState.Released released -> link.open(); // one stream again; the ledger is replayed (H27)
            default -> { } // open or closing (under takeover), connecting or backing off: nothing to do
        }
    }

    @Override
    public void allowNextRead(Runnable readNext) {
        feed.allowNextRead(readNext);
    }

    @Override
    public void end() {
        assert lane.isCurrent();
        feed.end();
        link.end(); // releases the stream, the connect in flight, and every timer of the link
    }

    // ---- the link's news ---------------------------------------------------------------------

    /** What this side makes of its recognizer link's news; every call comes on the lane. */
    private final class LinkEvents implements LinkOwner {

        @Override
        public RecognitionListener listenerFor(long epoch) {
            return new SessionRecognitionListener(epoch, session, lane, link, feed, transcripts, output);
        }

        @Override
        public void streamOpened(boolean first) {
            onStreamOpened(first);
        }

        @Override
        public void streamLost() {
            feed.detach(); // what it held is in the ledger and will be replayed; reads go on meanwhile
            replay.abandoned();
        }

        @Override
        public void reconnectDue() {
            if (!clientPresent && session.state() == SessionState.ACTIVE) {
                link.release(); // nobody attached: open nothing now; a resume opens one stream and replays (H27)
            } else {
                link.open();
            }
        }

        @Override
        public void linkFailed(ClientError error) {
            output.failed(error);
        }
    }

    private void onStreamOpened(boolean firstStream) {
        if (firstStream) {
            output.started();
        }
        if (releaseIfDetached()) {
            return; // the client left while it opened
        }
        // early audio (H18) or, after a failure, everything not yet covered by a final (H23)
        feed.attach(!firstStream);
        if (!firstStream) {
            replay.started();
            if (!feed.isReplaying()) {
                replay.caughtUp(); // unpaced: everything was handed over at once
            }
        }
        if (!feed.isReplaying()) {
            applyDeferredRequests();
        }
        // with a paced replay still running, finalize and close wait until it has caught up
    }

    private boolean canTakeRequests() {
        return link.state() instanceof LinkState.Open && !feed.isReplaying();
    }

    /** Finalize or close that arrived while no stream (or only a replaying one) could take it. */
    private void applyDeferredRequests() {
        if (finalizeRequested) {
            finalizeRequested = false;
            feed.flush();
            link.finalizeUtterance();
        }
        if (closeRequested) {
            closeStream();
        }
    }

    private void onReplayCaughtUp() {
        replay.caughtUp();
        if (link.state() instanceof LinkState.Open) {
            applyDeferredRequests();
        }
    }

    /** The rest of the audio, then the close, which the stream must answer (the watchdog waits for it). */
    private void closeStream() {
        feed.flush();
        feed.expectAnswer();
        link.closeGracefully();
    }

    /**
     * H27: with nobody attached the stream is released at once, so dropped clients hold no
     * decoder or upstream stream through their grace period. Aborting loses nothing: finals
     * delivered are in the outbox, and the audio no final covers yet stays in the ledger for the
     * stream a resume opens. (Closing it gracefully instead would force a final in the middle of
     * the utterance being spoken, which splits words and costs accuracy.) A session closing on
     * the client's request keeps its stream: it is finishing anyway.
     */
    private boolean releaseIfDetached() {
        if (clientPresent || session.state() != SessionState.ACTIVE || !(link.state() instanceof LinkState.Open)) {
            return false;
        }
        link.release();
        feed.detach();
        replay.abandoned(); // a replay it was catching up with is abandoned, not completed
        LOG.log(Level.INFO, "{0}: samples {1} to {2} kept for a resume", lane, ledger.acknowledged(), ledger.received());
        return true;
    }
}
