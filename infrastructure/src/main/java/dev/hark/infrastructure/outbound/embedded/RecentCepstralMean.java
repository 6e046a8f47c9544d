package dev.hark.infrastructure.outbound.embedded;

import java.util.Optional;

/**
 * The cepstral mean that recent utterances ended with, as a moving average (each weighs
 * {@value #WEIGHT}), for the next stream to start from. Without it a decoder that has
 * not decoded anything yet starts from the model's initial mean, far from most microphones,
 * and loses words until it has adapted (docs/performance.md measures how many). Thread-safe.
 */
final class RecentCepstralMean {

    static final float WEIGHT = 0.25f;

    private float[] mean;

    synchronized void remember(float[] ended) {
        if (mean == null || mean.length != ended.length) {
            mean = ended.clone();
            return;
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] += WEIGHT * (ended[i] - mean[i]);
        }
    }

    /** A copy of the average, or empty before any stream ended. */
    synchronized Optional<float[]> latest() {
        return Optional.ofNullable(mean).map(float[]::clone);
    }
}
