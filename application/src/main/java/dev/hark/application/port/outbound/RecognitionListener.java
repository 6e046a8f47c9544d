package dev.hark.application.port.outbound;

import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;

/**
 * Where a recognizer stream reports. Calls for one stream never overlap and come in order;
 * after {@link #onClosed()} or {@link #onFailed(RecognizerException)} nothing more comes.
 */
public interface RecognitionListener {

    /** An interim or final hypothesis, timed on the stream's own clock. */
    void onHypothesis(Hypothesis hypothesis);

    /**
     * The stream has consumed its audio through {@code processedSamples} (its own clock). Proof
     * of life for the session's watchdog even when nothing is being said; streams should report
     * it at least every few seconds while they have audio to work on. Not a default method on
     * purpose: a wrapper that forgot to forward it would stall the session's reads (H24) and
     * trip its watchdog.
     */
    void onProgress(long processedSamples);

    /**
     * Voice activity besides transcripts (speech started, an utterance ended without a
     * speech-final final), timed on the stream's own clock. Streams that have none never call
     * it. Abstract for the same reason as {@link #onProgress(long)}: a wrapper must forward it.
     */
    void onSpeechEvent(SpeechEvent event);

    /** A graceful close finished: every final has been delivered. */
    void onClosed();

    /** The stream died; no more events will come. */
    void onFailed(RecognizerException failure);
}
