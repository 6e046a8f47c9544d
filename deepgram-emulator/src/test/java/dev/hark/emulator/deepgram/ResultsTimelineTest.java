package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTimelineTest {

    private static final int RATE = 16_000;

    @Test
    void finalsCoverConsecutiveWindows_reachingAtLeastTheProcessedAudio() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, false, false, 0);
        timeline.progress(8_000);

        List<Emission> first = timeline.hypothesis(speechFinal(word("hello", 4_000, 6_000)));
        timeline.progress(24_000);
        List<Emission> second = timeline.hypothesis(speechFinal(word("world", 26_000, 30_000)));

        assertThat(first).containsExactly(new Emission.Transcript(0, 8_000, true, true, false,
                List.of(word("hello", 4_000, 6_000))));
        assertThat(second).containsExactly(new Emission.Transcript(8_000, 30_000, true, true, false,
                List.of(word("world", 26_000, 30_000))));
    }

    @Test
    void marksTheFirstNonSpeechFinalFinalAfterAFinalize_asItsFlush() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, false, false, 0);
        timeline.finalizeRequested(16_000);

        List<Emission> endpointed = timeline.hypothesis(speechFinal(word("one", 1_000, 4_000)));
        List<Emission> flushed = timeline.hypothesis(finalOf(word("two", 8_000, 12_000)));
        List<Emission> later = timeline.hypothesis(finalOf(word("three", 20_000, 24_000)));

        assertThat(transcript(endpointed).fromFinalize()).isFalse();
        assertThat(transcript(flushed).fromFinalize()).isTrue();
        assertThat(transcript(flushed).end()).as("the flush covers the audio up to the Finalize").isEqualTo(16_000);
        assertThat(transcript(later).fromFinalize()).isFalse();
    }

    @Test
    void answersAFinalizeThatFlushedNothing_withAnEmptyFromFinalizeFinal_onceProgressPassesIt() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, false, false, 0);
        timeline.hypothesis(speechFinal(word("done", 1_000, 4_000)));
        timeline.finalizeRequested(8_000);

        List<Emission> atTheMark = timeline.progress(8_000);
        List<Emission> pastIt = timeline.progress(16_000);

        assertThat(atTheMark).as("the flush may still be queued behind this audio").isEmpty();
        assertThat(pastIt).containsExactly(new Emission.Transcript(4_000, 8_000, true, false, true, List.of()));
    }

    @Test
    void answersAPendingFinalizeAtClose() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, false, false, 0);
        timeline.finalizeRequested(4_000);

        assertThat(timeline.closed(4_000)).containsExactly(
                new Emission.Transcript(0, 4_000, true, false, true, List.of()));
        assertThat(timeline.closed(4_000)).isEmpty();
    }

    @Test
    void sendsAnEmptyInterimPerSecondOfSilence_startingAtTheLastFinal() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, true, false, 0);

        assertThat(timeline.progress(8_000)).isEmpty();
        assertThat(timeline.progress(16_000)).containsExactly(
                new Emission.Transcript(0, 16_000, false, false, false, List.of()));
        assertThat(timeline.progress(24_000)).isEmpty();
        assertThat(timeline.progress(32_000)).containsExactly(
                new Emission.Transcript(0, 32_000, false, false, false, List.of()));
    }

    @Test
    void sendsNoEmptyInterims_duringSpeechOrWithoutInterims() {
        ResultsTimeline speaking = new ResultsTimeline(RATE, true, false, 0);
        speaking.hypothesis(Hypothesis.interim("hi", new SampleSpan(1_000, 3_000), List.of(word("hi", 1_000, 3_000))));
        assertThat(speaking.progress(40_000)).isEmpty();

        ResultsTimeline finalsOnly = new ResultsTimeline(RATE, false, false, 0);
        assertThat(finalsOnly.progress(40_000)).isEmpty();
        assertThat(finalsOnly.hypothesis(Hypothesis.interim("hi", new SampleSpan(0, 1), List.of()))).isEmpty();
    }

    @Test
    void interimsRestateTheWindowAfterTheLastFinal() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, true, false, 0);
        timeline.hypothesis(speechFinal(word("one", 1_000, 4_000)));

        List<Emission> interim = timeline.hypothesis(
                Hypothesis.interim("two", new SampleSpan(6_000, 9_000), List.of(word("two", 6_000, 9_000))));

        assertThat(interim).containsExactly(new Emission.Transcript(4_000, 9_000, false, false, false,
                List.of(word("two", 6_000, 9_000))));
    }

    @Test
    void startsEachUtteranceWithOneSpeechStarted_whenVadEventsAreOn() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, true, true, 0);

        List<Emission> firstInterim = timeline.hypothesis(
                Hypothesis.interim("the", new SampleSpan(3_000, 5_000), List.of(word("the", 3_000, 5_000))));
        List<Emission> secondInterim = timeline.hypothesis(
                Hypothesis.interim("the cat", new SampleSpan(3_000, 9_000), List.of(word("the", 3_000, 5_000))));
        timeline.hypothesis(speechFinal(word("the", 3_000, 5_000)));
        List<Emission> nextUtterance = timeline.hypothesis(speechFinal(word("dog", 20_000, 24_000)));

        assertThat(firstInterim.getFirst()).isEqualTo(new Emission.SpeechStart(3_000));
        assertThat(secondInterim).noneMatch(Emission.SpeechStart.class::isInstance);
        assertThat(nextUtterance.getFirst()).isEqualTo(new Emission.SpeechStart(20_000));
    }

    @Test
    void sendsUtteranceEnd_afterASpeechFinalFinal_onceTheGapIsLongEnough() {
        ResultsTimeline timeline = new ResultsTimeline(RATE, true, false, 1_000);
        timeline.hypothesis(speechFinal(word("stop", 10_000, 16_000)));

        assertThat(timeline.progress(24_000)).noneMatch(Emission.UtteranceEnd.class::isInstance);
        assertThat(timeline.progress(32_000)).contains(new Emission.UtteranceEnd(16_000));
        assertThat(timeline.progress(48_000)).noneMatch(Emission.UtteranceEnd.class::isInstance);
    }

    @Test
    void sendsNoUtteranceEnd_whenSpeechResumesWithinTheGap_orWithoutInterims() {
        ResultsTimeline resumed = new ResultsTimeline(RATE, true, false, 1_000);
        resumed.hypothesis(speechFinal(word("stop", 10_000, 16_000)));
        resumed.hypothesis(Hypothesis.interim("go", new SampleSpan(20_000, 22_000), List.of(word("go", 20_000, 22_000))));
        assertThat(resumed.progress(40_000)).noneMatch(Emission.UtteranceEnd.class::isInstance);

        ResultsTimeline finalsOnly = new ResultsTimeline(RATE, false, false, 1_000);
        finalsOnly.hypothesis(speechFinal(word("stop", 10_000, 16_000)));
        assertThat(finalsOnly.progress(40_000)).isEmpty();
    }

    @Test
    void sendsAnOwedUtteranceEndAtClose_onlyWhenTheAudioReachedTheGap() {
        ResultsTimeline shortTail = new ResultsTimeline(RATE, true, false, 1_000);
        shortTail.hypothesis(speechFinal(word("stop", 10_000, 16_000)));
        assertThat(shortTail.closed(20_000)).isEmpty();

        ResultsTimeline longTail = new ResultsTimeline(RATE, true, false, 1_000);
        longTail.hypothesis(finalOf(word("stop", 10_000, 16_000)));
        assertThat(longTail.closed(40_000)).containsExactly(new Emission.UtteranceEnd(16_000));
    }

    private static Word word(String text, long start, long end) {
        return new Word(text, new SampleSpan(start, end), 0.9);
    }

    private static Hypothesis speechFinal(Word word) {
        return Hypothesis.speechFinal(word.text(), word.span(), List.of(word));
    }

    private static Hypothesis finalOf(Word word) {
        return Hypothesis.finalResult(word.text(), word.span(), List.of(word));
    }

    private static Emission.Transcript transcript(List<Emission> emissions) {
        assertThat(emissions).hasSize(1);
        return (Emission.Transcript) emissions.getFirst();
    }
}
