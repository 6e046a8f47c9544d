package dev.hark.infrastructure.outbound.conversion;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;

/**
 * Moves everything a converted stream reports from the recognizer's clock onto the client's:
 * hypothesis and word spans, progress and voice-activity positions. Every callback is
 * forwarded, in order, on the thread it came on.
 */
final class RetimingListener implements RecognitionListener {

    private final RecognitionListener listener;
    private final ClockMapping clock;

    RetimingListener(RecognitionListener listener, ClockMapping clock) {
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        listener.onHypothesis(hypothesis.retimed(clock::toClient));
    }

    @Override
    public void onProgress(long processedSamples) {
        listener.onProgress(clock.toClient(processedSamples));
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        listener.onSpeechEvent(event.retimed(clock::toClient));
    }

    @Override
    public void onClosed() {
        listener.onClosed();
    }

    @Override
    public void onFailed(RecognizerException failure) {
        listener.onFailed(failure);
    }
}
