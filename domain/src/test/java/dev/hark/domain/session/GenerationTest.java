package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationTest {

    @Test
    void nextIsNewer_H5() {
        Generation first = Generation.FIRST;
        Generation second = first.next();
        assertThat(second.isNewerThan(first)).isTrue();
        assertThat(first.isOlderThan(second)).isTrue();
        assertThat(first.isNewerThan(first)).isFalse();
        assertThat(second.compareTo(first)).isPositive();
        assertThat(second).isEqualTo(new Generation(2));
    }

    @Test
    void rejectsValuesBelowOne() {
        assertThatThrownBy(() -> new Generation(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToWrapAround() {
        assertThatThrownBy(() -> new Generation(Long.MAX_VALUE).next()).isInstanceOf(ArithmeticException.class);
    }
}
