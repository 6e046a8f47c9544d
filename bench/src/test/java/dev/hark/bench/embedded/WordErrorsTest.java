package dev.hark.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordErrorsTest {

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        assertThat(WordErrors.of("the cat sat on the mat", "the cat sat on the mat")).isEqualTo(new WordErrors(0, 6));
        assertThat(WordErrors.of("the cat sat on the mat", "the bat sat on mat")).isEqualTo(new WordErrors(2, 6));
        assertThat(WordErrors.of("the cat sat", "the cat sat down here")).isEqualTo(new WordErrors(2, 3));
        assertThat(WordErrors.of("please call me", "")).isEqualTo(new WordErrors(3, 3));
        assertThat(WordErrors.of("", "noise")).isEqualTo(new WordErrors(1, 0));
    }

    @Test
    void ignoresCaseAndSpacing() {
        assertThat(WordErrors.of("The  weather is\tnice", " the weather IS nice ").errors()).isZero();
    }

    @Test
    void addsUpOverUtterances_soLongerOnesWeighMore() {
        WordErrors total = WordErrors.of("a b c d", "a b c x").plus(WordErrors.of("e f", "e f"));

        assertThat(total).isEqualTo(new WordErrors(1, 6));
        assertThat(total.rate()).isEqualTo(1 / 6.0);
        assertThat(total).hasToString("0.167 (1/6)");
        assertThat(WordErrors.NONE.rate()).isZero();
    }
}
