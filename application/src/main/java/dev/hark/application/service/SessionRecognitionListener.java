package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;

/**
 * The listener a session hands one recognizer stream. It is bound to the session, never to a
 * client socket (H14), stamped with the stream's epoch, and moves every event onto the
 * session's lane before anything is touched.
 */
final class SessionRecognitionListener implements RecognitionListener {

    private final RecognizerSide session;
    private final long epoch;

    SessionRecognitionListener(RecognizerSide session, long epoch) {
        this.session = session;
        this.epoch = epoch;
    }

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        session.lane().execute(() -> session.onHypothesis(epoch, hypothesis));
    }

    @Override
    public void onProgress(long processedSamples) {
        session.lane().execute(() -> session.onProgress(epoch, processedSamples));
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        session.lane().execute(() -> session.onSpeechEvent(epoch, event));
    }

    @Override
    public void onClosed() {
        session.lane().execute(() -> session.onClosed(epoch));
    }

    @Override
    public void onFailed(RecognizerException failure) {
        session.lane().execute(() -> session.onFailed(epoch, failure));
    }
}
