package dev.hark.infrastructure.outbound.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Metadata;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.SpeechStarted;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Unrecognized;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.UtteranceEnd;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Deepgram's text frames into listener calls: hypotheses and progress from
 * {@code Results}, speech events from {@code SpeechStarted} and (deduplicated)
 * {@code UtteranceEnd}; {@code Metadata} and unknown types are only logged. Runs on the socket's
 * serial event thread and never throws: a message it cannot read is logged and skipped.
 */
final class DeepgramEventTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramEventTranslator.class);

    private final SessionId sessionId;
    private final SampleClock clock;
    private final ResultsMapping mapping;
    private final ListenerGate gate;
    private final UtteranceEndFilter utteranceEnds = new UtteranceEndFilter();

    DeepgramEventTranslator(SessionId sessionId, SampleClock clock, ListenerGate gate) {
        this.sessionId = sessionId;
        this.clock = clock;
        this.mapping = new ResultsMapping(clock);
        this.gate = gate;
    }

    void accept(String text) {
        try {
            translate(DeepgramMessages.parse(text));
        } catch (JsonProcessingException e) {
            LOG.warn("session {}: unreadable message from Deepgram skipped: {}", sessionId, e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.warn("session {}: message from Deepgram skipped", sessionId, e);
        }
    }

    private void translate(DeepgramEvent event) {
        switch (event) {
            case Results results -> results(results);
            case SpeechStarted started -> gate.deliver(listener -> listener.onSpeechEvent(
                    new SpeechEvent.SpeechStarted(clock.sampleAt(started.timestamp()))));
            case UtteranceEnd end -> utteranceEnd(end);
            case Metadata metadata -> LOG.debug("session {}: Deepgram metadata: request_id={} duration={}s",
                    sessionId, metadata.requestId(), metadata.duration());
            case Unrecognized unknown -> LOG.debug("session {}: Deepgram message of type '{}' ignored",
                    sessionId, unknown.type());
        }
    }

    private void results(Results results) {
        if (results.fromFinalize()) {
            LOG.debug("session {}: final from a Finalize ({} s at {} s)", sessionId, results.duration(),
                    results.start());
        }
        Optional<Hypothesis> hypothesis = mapping.hypothesis(results);
        hypothesis.ifPresent(delivered -> gate.deliver(listener -> listener.onHypothesis(delivered)));
        if (results.isFinal()) {
            utteranceEnds.onFinal(hypothesis.isPresent(), results.speechFinal());
        }
        long processed = mapping.processedThrough(results);
        gate.deliver(listener -> listener.onProgress(processed));
    }

    private void utteranceEnd(UtteranceEnd end) {
        if (utteranceEnds.admitUtteranceEnd()) {
            gate.deliver(listener -> listener.onSpeechEvent(
                    new SpeechEvent.UtteranceEnded(clock.sampleAt(end.lastWordEnd()))));
        } else {
            LOG.debug("session {}: UtteranceEnd after a speech-final final dropped", sessionId);
        }
    }
}
