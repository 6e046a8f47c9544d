package dev.hark.application.service;

import dev.hark.application.port.out.RecognitionListener;
import dev.hark.application.port.out.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;

/**
 * The listener a session hands its recognizer stream. It is bound to the session, never to a
 * client socket (H14), and moves every event onto the session's lane before anything is touched.
 */
final class SessionRecognitionListener implements RecognitionListener {

    private final SessionRuntime runtime;
    private final StreamingSessionService service;

    SessionRecognitionListener(SessionRuntime runtime, StreamingSessionService service) {
        this.runtime = runtime;
        this.service = service;
    }

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        runtime.lane.execute(() -> service.onHypothesis(runtime, hypothesis));
    }

    @Override
    public void onClosed() {
        runtime.lane.execute(() -> service.onRecognizerClosed(runtime));
    }

    @Override
    public void onFailed(RecognizerException failure) {
        runtime.lane.execute(() -> service.onRecognizerFailed(runtime, failure));
    }
}
