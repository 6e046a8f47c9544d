package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;

/**
 * The listener a session hands one recognizer stream. It is bound to the session, never to a
 * client socket (H14), stamped with the stream's epoch, and moves every event onto the
 * session's lane, where only the events of the current stream pass (H1): a result goes down the
 * {@link TranscriptPath}, progress to the feed, a close or failure to the {@link RecognizerLink}.
 * A stale event is counted and changes nothing.
 */
final class SessionRecognitionListener implements RecognitionListener {

    private final long epoch;
    private final Session session;
    private final SessionLane lane;
    private final RecognizerLink link;
    private final RecognizerFeed feed;
    private final TranscriptPath transcripts;
    private final RecognitionOutput output;

    SessionRecognitionListener(long epoch, Session session, SessionLane lane, RecognizerLink link, RecognizerFeed feed,
                               TranscriptPath transcripts, RecognitionOutput output) {
        this.epoch = epoch;
        this.session = session;
        this.lane = lane;
        this.link = link;
        this.feed = feed;
        this.transcripts = transcripts;
        this.output = output;
    }

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        lane.execute(() -> {
            if (isCurrent("hypothesis")) {
                transcripts.hypothesis(hypothesis);
            }
        });
    }

    @Override
    public void onProgress(long processedSamples) {
        lane.execute(() -> {
            if (!session.state().isTerminal() && link.isCurrent(epoch)) {
                feed.onProgress(processedSamples); // progress of a replaced stream is not worth a stale count
            }
        });
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        lane.execute(() -> {
            if (isCurrent("speech event")) {
                transcripts.speechEvent(event);
            }
        });
    }

    @Override
    public void onClosed() {
        lane.execute(() -> {
            if (isCurrent("recognizer close")) {
                link.streamClosed();
                output.finished();
            }
        });
    }

    @Override
    public void onFailed(RecognizerException failure) {
        lane.execute(() -> {
            if (session.state().isTerminal()) {
                lane.stale("recognizer failure of stream " + epoch);
            } else {
                link.streamFailed(epoch, failure); // the link checks the epoch itself
            }
        });
    }

    private boolean isCurrent(String event) {
        if (session.state().isTerminal() || !link.isCurrent(epoch)) {
            lane.stale(event + " of recognizer stream " + epoch);
            return false;
        }
        return true;
    }
}
