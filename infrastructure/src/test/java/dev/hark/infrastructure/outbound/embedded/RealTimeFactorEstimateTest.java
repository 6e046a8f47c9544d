package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RealTimeFactorEstimateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsAtThePrior_andMovesTowardsTheMeasuredFactorAsAudioAccumulates() {
        RealTimeFactorEstimate estimate = new RealTimeFactorEstimate(0.5, 10, 60, 0);
        assertThat(estimate.value(0)).isEqualTo(0.5);
        estimate.add(1, 10, 0); // measured 0.1 over as much audio as the prior weighs
        assertThat(estimate.value(0)).isCloseTo(0.3, within(1e-9));
        estimate.add(9, 90, 0);
        assertThat(estimate.value(0)).isCloseTo((10 + 5) / 110.0, within(1e-9));
    }

    @Test
    void measurementsDecayWithTheHalfLife_soTheEstimateFollowsTheCurrentLoad() {
        RealTimeFactorEstimate estimate = new RealTimeFactorEstimate(0.5, 10, 60, 0);
        estimate.add(10, 10, 0); // 1.0
        double fresh = estimate.value(0);
        double halfForgotten = estimate.value(60 * SECOND); // 5 cpu / 5 audio + prior 5 / 10
        assertThat(fresh).isCloseTo(0.75, within(1e-9));
        assertThat(halfForgotten).isCloseTo(10 / 15.0, within(1e-9));
    }
}
