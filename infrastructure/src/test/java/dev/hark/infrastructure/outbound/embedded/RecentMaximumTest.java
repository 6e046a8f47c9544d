package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentMaximumTest {

    @Test
    void remembersTheLargestValueOfTheCurrentAndThePreviousWindow_only() {
        RecentMaximum max = new RecentMaximum(100, 0);
        max.record(7, 10);
        max.record(3, 50);
        assertThat(max.value(99)).isEqualTo(7);
        max.record(2, 150);
        assertThat(max.value(199)).as("the previous window still counts").isEqualTo(7);
        assertThat(max.value(200)).as("two windows on, only the last one's").isEqualTo(2);
        assertThat(max.value(450)).as("an idle stretch forgets everything").isZero();
    }
}
