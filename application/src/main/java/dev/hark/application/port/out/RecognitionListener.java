package dev.hark.application.port.out;

import dev.hark.domain.transcript.Hypothesis;

/**
 * Where a recognizer stream reports. Calls for one stream never overlap and come in order;
 * after {@link #onClosed()} or {@link #onFailed(RecognizerException)} nothing more comes.
 */
public interface RecognitionListener {

    /** An interim or final hypothesis, timed on the stream's own clock. */
    void onHypothesis(Hypothesis hypothesis);

    /** A graceful close finished: every final has been delivered. */
    void onClosed();

    /** The stream died; no more events will come. */
    void onFailed(RecognizerException failure);
}
