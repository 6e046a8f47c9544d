package dev.hark.application.service;

import dev.hark.domain.audio.AudioFormat;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Backpressure towards the client (H24): the session demands the client's next message only
 * once it has taken the current one, and while the recognizer is more than
 * {@code sessions.maxRecognizerBacklog} behind, that demand is held here until it has worked off
 * half of it. Either way the lane never holds more than one message per socket. Lane-confined.
 */
final class ReadGate {

    private static final Logger LOG = System.getLogger(ReadGate.class.getName());

    private final SessionContext context;
    private final StreamProgress progress;
    private final SessionLane lane;
    private final long maxBacklogSamples;
    private final AudioFormat format;
    /** The client's next read, held back while the recognizer is too far behind; null when none is held. */
    private Runnable parkedRead;

    ReadGate(SessionContext context, StreamProgress progress, SessionLane lane, AudioFormat format) {
        this.context = context;
        this.progress = progress;
        this.lane = lane;
        this.format = format;
        this.maxBacklogSamples = format.samplesFor(context.settings().recovery().maxRecognizerBacklog().toMillis());
    }

    /**
     * The session has taken the client's current message; {@code readNext} lets the next one in,
     * now, or once the recognizer has worked off half of its backlog.
     */
    void allowNextRead(Runnable readNext) {
        long backlog = progress.backlog();
        if (parkedRead == null && backlog <= maxBacklogSamples) {
            readNext.run();
            return;
        }
        Runnable displaced = parkedRead;
        parkedRead = readNext;
        if (displaced != null) {
            displaced.run(); // a replaced socket's read (one message per socket): letting it go costs nothing
        } else {
            context.metrics().readsPaused();
            LOG.log(Level.INFO, "{0}: recognizer {1} s behind; pausing reads from the client", lane, backlog / format.sampleRate());
        }
    }

    /** The recognizer made progress (or the stream is gone): a held read goes once half the backlog is worked off. */
    void recheck() {
        if (parkedRead != null && progress.backlog() <= maxBacklogSamples / 2) {
            open();
        }
    }

    /** Lets a held read go whatever the backlog (the stream is gone, or the session ended). */
    void open() {
        if (parkedRead != null) {
            Runnable read = parkedRead;
            parkedRead = null;
            read.run();
        }
    }
}
