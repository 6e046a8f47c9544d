package dev.hark.application.service;

import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The way of a current stream's results to the client: rebased from the stream's clock onto
 * the session's, a final acknowledging the ledger up to its end (so its audio is never replayed
 * again, H23), trimmed of what an earlier final already delivered (a replay going over it
 * again), numbered (finals into the resume outbox), counted ({@code lag}, time to first final),
 * and handed to the client side ({@link RecognitionOutput}). Interims and speech events go only to an
 * attached client that asked for them; finals are kept for a resume either way (H15).
 *
 * <p>Lane-confined like the session that owns it; it sees only results the session already
 * checked as coming from the current stream.
 */
final class TranscriptPath {

    private static final Logger LOG = System.getLogger(TranscriptPath.class.getName());

    private final Session session;
    private final SessionContext context;
    private final AudioLedger ledger;
    private final RecognizerFeed feed;
    private final BooleanSupplier clientPresent;
    private final RecognitionOutput output;
    /** Ticker reading when the session opened, for the time to its first final. */
    private final long openedNanos;
    /** End of the last final delivered, on the session clock; replayed finals up to it are dropped. */
    private long deliveredThrough;

    /**
     * @param clientPresent whether a client is attached (interims and speech events are for it only)
     * @param deliveredThrough where the finals delivered so far end: 0, or where an adopted session's journal left off (H33)
     */
    TranscriptPath(Session session, SessionContext context, AudioLedger ledger, RecognizerFeed feed,
                   BooleanSupplier clientPresent, RecognitionOutput output, long deliveredThrough) {
        this.deliveredThrough = deliveredThrough;
        this.session = session;
        this.context = context;
        this.ledger = ledger;
        this.feed = feed;
        this.clientPresent = clientPresent;
        this.output = output;
        this.openedNanos = context.ticker().nanoTime();
    }

    void hypothesis(Hypothesis onStreamClock) {
        feed.onResult();
        Hypothesis rebased = onStreamClock.shiftedBy(feed.base());
        if (rebased.isFinal()) {
            ledger.acknowledgeThrough(rebased.span().end());
            rebased = ReplayOverlap.trim(rebased, deliveredThrough);
            if (rebased == null) {
                LOG.log(Level.INFO, "session {0}: final covering audio already delivered dropped (replay overlap)",
                        session.id());
                return;
            }
            deliveredThrough = Math.max(deliveredThrough, rebased.span().end());
        } else if (rebased.isBlank() || !session.options().interimResults() || !clientPresent.getAsBoolean()
                || rebased.span().end() <= deliveredThrough) {
            return;
        }
        if (rebased.isBlank()) {
            return;
        }
        Transcript transcript = session.number(rebased);
        if (transcript.isFinal()) {
            countFinal(transcript);
        }
        output.transcript(transcript);
    }

    void speechEvent(SpeechEvent onStreamClock) {
        feed.onResult();
        SpeechEvent rebased = onStreamClock.shiftedBy(feed.base());
        // a speech start inside audio whose finals were delivered is a replay going over it again; an
        // utterance end always lies there (it names the end of the last word of a delivered final)
        boolean replayed = rebased instanceof SpeechEvent.SpeechStarted && rebased.sample() < deliveredThrough;
        if (!clientPresent.getAsBoolean() || !session.options().speechEvents() || replayed) {
            return; // nobody to tell, not asked for, or about audio a replay went over again
        }
        output.speechEvent(rebased);
    }

    /** {@code lag}: how far the final's end is behind the audio received; and the time to the first final. */
    private void countFinal(Transcript transcript) {
        long lagSamples = Math.max(0, session.samplesReceived() - transcript.hypothesis().span().end());
        context.metrics().finalProduced(lagSamples / (double) session.format().sampleRate());
        if (transcript.seq() == 1) {
            context.metrics().firstFinal(Duration.ofNanos(context.ticker().nanoTime() - openedNanos));
        }
    }
}
