package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.ResultWord;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsMappingTest {

    private final ResultsMapping mapping = new ResultsMapping(new SampleClock(16_000));

    private static Results results(boolean isFinal, boolean speechFinal, String transcript, ResultWord... words) {
        return new Results(5.99, 1.98, isFinal, speechFinal, false, transcript, List.of(words));
    }

    @Test
    void turnsSecondsIntoSamples_roundingToTheNearest() {
        Hypothesis hypothesis = mapping.hypothesis(results(true, false, "okay",
                new ResultWord("okay", "", 6.07, 6.35003, 0.93))).orElseThrow();

        assertThat(hypothesis.span()).isEqualTo(new SampleSpan(95_840, 127_520));
        assertThat(hypothesis.words()).containsExactly(new Word("okay", new SampleSpan(97_120, 101_600), 0.93));
    }

    @Test
    void prefersThePunctuatedWord() {
        Hypothesis hypothesis = mapping.hypothesis(results(true, false, "Tell me.",
                new ResultWord("tell", "Tell", 6.0, 6.2, 0.9), new ResultWord("me", "me.", 6.2, 6.4, 0.8))).orElseThrow();

        assertThat(hypothesis.words()).extracting(Word::text).containsExactly("Tell", "me.");
        assertThat(hypothesis.text()).isEqualTo("Tell me.");
    }

    @Test
    void keepsTheBareWord_whenNothingIsPunctuated() {
        Hypothesis hypothesis = mapping.hypothesis(results(false, false, "tell",
                new ResultWord("tell", "", 6.0, 6.2, 0.9))).orElseThrow();

        assertThat(hypothesis.words()).extracting(Word::text).containsExactly("tell");
    }

    @Test
    void mapsInterimFinalAndSpeechFinal() {
        assertThat(mapping.hypothesis(results(false, false, "hi")).orElseThrow())
                .returns(false, Hypothesis::isFinal).returns(false, Hypothesis::speechFinal);
        assertThat(mapping.hypothesis(results(true, false, "hi")).orElseThrow())
                .returns(true, Hypothesis::isFinal).returns(false, Hypothesis::speechFinal);
        assertThat(mapping.hypothesis(results(true, true, "hi")).orElseThrow())
                .returns(true, Hypothesis::isFinal).returns(true, Hypothesis::speechFinal);
    }

    @Test
    void emptyTranscripts_giveNoHypothesis_butStillProgress() {
        assertThat(mapping.hypothesis(results(false, false, ""))).isEmpty();
        assertThat(mapping.hypothesis(results(true, true, "  "))).isEmpty();
        assertThat(mapping.processedThrough(results(true, true, ""))).isEqualTo(127_520);
    }

    @Test
    void clampsConfidence_andNeverLetsAWordEndBeforeItStarts() {
        Hypothesis hypothesis = mapping.hypothesis(results(true, false, "odd",
                new ResultWord("odd", "", 6.5, 6.4, 1.5), new ResultWord("nan", "", 6.5, 6.6, Double.NaN))).orElseThrow();

        assertThat(hypothesis.words().get(0)).isEqualTo(new Word("odd", new SampleSpan(104_000, 104_000), 1.0));
        assertThat(hypothesis.words().get(1).confidence()).isZero();
    }
}
