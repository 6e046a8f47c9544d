package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumeTokenTest {

    private final ResumeToken token = new ResumeToken("abcdefghijklmnopqrstuvwxyz012345");

    @Test
    void matchesOnlyTheExactToken_H16() {
        assertThat(token.matches("abcdefghijklmnopqrstuvwxyz012345")).isTrue();
        assertThat(token.matches("abcdefghijklmnopqrstuvwxyz01234")).isFalse();
        assertThat(token.matches("Abcdefghijklmnopqrstuvwxyz012345")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void neverPrintsItself() {
        assertThat(token.toString()).doesNotContain("abcdef");
    }
}
