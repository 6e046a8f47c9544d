package dev.hark.bootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    private static final String REFERENCE = "the weather is nice today";

    @Test
    void isZero_whenTextsMatch() {
        assertThat(WordErrorRate.of(REFERENCE, REFERENCE)).isZero();
    }

    @Test
    void ignoresCasePunctuationAndSpacing_whenNormalising() {
        assertThat(WordErrorRate.of(REFERENCE, "  The weather, is NICE   today! ")).isZero();
        assertThat(WordErrorRate.of("it's nine o'clock", "its nine oclock")).isZero();
    }

    @Test
    void countsOneSubstitution_whenAWordDiffers() {
        assertThat(WordErrorRate.of(REFERENCE, "the weather is ice today")).isEqualTo(0.2, within(1e-9));
    }

    @Test
    void countsDeletion_whenAWordIsMissing() {
        assertThat(WordErrorRate.of(REFERENCE, "the weather nice today")).isEqualTo(0.2, within(1e-9));
    }

    @Test
    void countsInsertions_whenWordsAreAdded() {
        assertThat(WordErrorRate.of(REFERENCE, "oh the weather is very nice today")).isEqualTo(0.4, within(1e-9));
    }

    @Test
    void exceedsOne_whenHypothesisIsMostlyExtraWords() {
        assertThat(WordErrorRate.of("yes", "no no no")).isEqualTo(3.0, within(1e-9));
    }

    @Test
    void isOne_whenHypothesisIsEmpty() {
        assertThat(WordErrorRate.of(REFERENCE, "")).isEqualTo(1.0);
    }

    @Test
    void handlesEmptyReference() {
        assertThat(WordErrorRate.of("", " ")).isZero();
        assertThat(WordErrorRate.of("", "hello")).isEqualTo(1.0);
    }

    @Test
    void prefersOneSubstitutionOverDeleteAndInsert_whenComputingDistance() {
        assertThat(WordErrorRate.distance(WordErrorRate.words("a b c"), WordErrorRate.words("a x c"))).isEqualTo(1);
        assertThat(WordErrorRate.distance(WordErrorRate.words("a b c d"), WordErrorRate.words("b c d a")))
                .isEqualTo(2);
    }
}
