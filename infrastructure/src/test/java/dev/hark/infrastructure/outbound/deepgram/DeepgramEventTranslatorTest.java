package dev.hark.infrastructure.outbound.deepgram;

import static dev.hark.infrastructure.outbound.deepgram.DeepgramJson.results;
import static dev.hark.infrastructure.outbound.deepgram.DeepgramJson.word;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import org.junit.jupiter.api.Test;

class DeepgramEventTranslatorTest {

    private static final SessionId SESSION = new SessionId("session-0001");

    private final RecordingListener listener = new RecordingListener();
    private final ListenerGate gate = new ListenerGate(SESSION, listener);
    private final DeepgramEventTranslator translator = new DeepgramEventTranslator(SESSION, new SampleClock(16_000), gate);

    @Test
    void deliversHypothesis_thenProgressToTheWindowEnd() {
        translator.accept(results(1.0, 0.5, true, false, "Hello.", word("hello", "Hello.", 1.1, 1.4, 0.9)));

        assertThat(listener.hypotheses()).singleElement()
                .returns("Hello.", Hypothesis::text).returns(true, Hypothesis::isFinal);
        assertThat(listener.progress).containsExactly(24_000L);
    }

    @Test
    void silence_reportsProgressOnly() {
        translator.accept(results(0.0, 1.08, false, false, ""));
        translator.accept(results(0.0, 2.0, true, true, ""));

        assertThat(listener.events).isEmpty();
        assertThat(listener.progress).containsExactly(17_280L, 32_000L);
    }

    @Test
    void speechStarted_becomesASpeechEventAtItsSample() {
        translator.accept(DeepgramJson.speechStarted(9.54));

        assertThat(listener.events).containsExactly(new SpeechEvent.SpeechStarted(152_640));
    }

    @Test
    void utteranceEnd_afterPlainFinals_isReportedAtTheLastWordEnd() {
        translator.accept(results(0.0, 1.0, true, false, "so", word("so", "So", 0.2, 0.5, 0.9)));
        translator.accept(DeepgramJson.utteranceEnd(0.5));

        assertThat(listener.speechEvents()).containsExactly(new SpeechEvent.UtteranceEnded(8_000));
    }

    @Test
    void utteranceEnd_afterASpeechFinalFinal_isDropped() {
        translator.accept(results(0.0, 1.0, true, true, "so", word("so", "So", 0.2, 0.5, 0.9)));
        translator.accept(DeepgramJson.utteranceEnd(0.5));

        assertThat(listener.speechEvents()).isEmpty();
        assertThat(listener.hypotheses()).singleElement().returns(true, Hypothesis::speechFinal);
    }

    @Test
    void metadataUnknownTypesAndGarbage_areSkipped_andTheStreamGoesOn() {
        translator.accept(DeepgramJson.metadata(3.0));
        translator.accept("{\"type\":\"Error\",\"description\":\"?\"}");
        translator.accept("not json");
        translator.accept("{\"type\":\"Results\",\"start\":\"soon\"}");
        translator.accept(results(0.0, 1.0, false, false, "still here"));

        assertThat(listener.hypotheses()).extracting(Hypothesis::text).containsExactly("still here");
    }

    @Test
    void deliversNothing_onceTheGateIsShut() {
        gate.silence();

        translator.accept(results(0.0, 1.0, true, false, "late"));

        assertThat(listener.calls()).isZero();
    }
}
