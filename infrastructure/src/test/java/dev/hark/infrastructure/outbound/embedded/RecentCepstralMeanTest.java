package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecentCepstralMeanTest {

    private final RecentCepstralMean recent = new RecentCepstralMean();

    @Test
    void isEmpty_untilAStreamEnded() {
        assertThat(recent.latest()).isEmpty();
    }

    @Test
    void startsAtTheFirstMean_thenMovesAQuarterOfTheWayTowardsEachNext() {
        recent.remember(new float[] {40f, 0f});
        recent.remember(new float[] {60f, 8f});

        assertThat(recent.latest().orElseThrow()).containsExactly(new float[] {45f, 2f}, within(1e-5f));
    }

    @Test
    void handsOutCopies() {
        float[] ended = {1f, 2f};
        recent.remember(ended);
        ended[0] = 99f;
        recent.latest().orElseThrow()[1] = 99f;

        assertThat(recent.latest().orElseThrow()).containsExactly(1f, 2f);
    }
}
