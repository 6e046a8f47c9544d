package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

/** H23: a replayed final that overlaps what the client already has keeps only its new part. */
class ReplayOverlapTest {

    private static final Hypothesis FOUR_WORDS = Hypothesis.finalResult("the cat sat down", new SampleSpan(0, 16_000),
            List.of(word("the", 0, 4_000), word("cat", 4_000, 8_000), word("sat", 8_000, 12_000),
                    word("down", 12_000, 16_000)));

    @Test
    void keepsOnlyTheWordsAfterWhatWasDelivered_whenAFinalOverlapsIt_H23() {
        Hypothesis trimmed = ReplayOverlap.trim(FOUR_WORDS, 8_000);

        assertThat(trimmed.text()).isEqualTo("sat down");
        assertThat(trimmed.words()).extracting(Word::text).containsExactly("sat", "down");
        assertThat(trimmed.span()).isEqualTo(new SampleSpan(8_000, 16_000));
        assertThat(trimmed.isFinal()).isTrue();
    }

    @Test
    void keepsAWordThatStraddlesTheDeliveredEnd_startingTheFinalThere() {
        Hypothesis trimmed = ReplayOverlap.trim(FOUR_WORDS, 10_000);

        assertThat(trimmed.text()).isEqualTo("sat down");
        assertThat(trimmed.span()).isEqualTo(new SampleSpan(10_000, 16_000));
    }

    @Test
    void dropsAFinalWhoseEveryWordWasDelivered_andKeepsOneThatStartsAfter() {
        assertThat(ReplayOverlap.trim(FOUR_WORDS, 16_000)).isNull();
        assertThat(ReplayOverlap.trim(FOUR_WORDS, 0)).isSameAs(FOUR_WORDS);
    }

    @Test
    void cutsTheSpanOfAnOverlappingFinalWithoutWordTimes() {
        Hypothesis textOnly = Hypothesis.finalResult("the cat sat down", new SampleSpan(0, 16_000), List.of());

        Hypothesis trimmed = ReplayOverlap.trim(textOnly, 8_000);

        assertThat(trimmed.span()).isEqualTo(new SampleSpan(8_000, 16_000));
        assertThat(trimmed.text()).isEqualTo("the cat sat down");
    }

    private static Word word(String text, long start, long end) {
        return new Word(text, new SampleSpan(start, end), 0.9);
    }
}
