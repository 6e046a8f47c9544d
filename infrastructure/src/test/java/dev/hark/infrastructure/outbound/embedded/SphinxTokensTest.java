package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SphinxTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {"<s>", "</s>", "<sil>", "[NOISE]", "++NOISE++", "+SPN+", "[SPEECH]", "", " ", "<sil>(2)"})
    void dropsFillersAndBlanks(String token) {
        assertThat(SphinxTokens.word(token)).isEmpty();
    }

    @Test
    void stripsAlternatePronunciationMarks() {
        assertThat(SphinxTokens.word("read(2)")).contains("read");
        assertThat(SphinxTokens.word("the")).contains("the");
        assertThat(SphinxTokens.word("don't")).contains("don't");
    }

    @Test
    void cleansWholeHypotheses() {
        assertThat(SphinxTokens.text("<s> the(2) [NOISE] quick  fox </s>")).isEqualTo("the quick fox");
        assertThat(SphinxTokens.text(null)).isEmpty();
    }
}
