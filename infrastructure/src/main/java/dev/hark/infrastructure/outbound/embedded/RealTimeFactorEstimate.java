package dev.hark.infrastructure.outbound.embedded;

/**
 * CPU seconds per second of audio, averaged over the audio decoded recently: both sums decay
 * with a half-life in wall time, so the estimate follows the current mix of speech and silence,
 * and a prior weighs like some seconds of audio, so the first chunks cannot swing it. Time is
 * passed in (nanoseconds of a monotonic ticker). Not thread-safe: its owner locks.
 */
final class RealTimeFactorEstimate {

    private final double prior;
    private final double priorWeightSeconds;
    private final double halfLifeSeconds;
    private double cpuSeconds;
    private double audioSeconds;
    private long decayedAt;

    RealTimeFactorEstimate(double prior, double priorWeightSeconds, double halfLifeSeconds, long nowNanos) {
        this.prior = prior;
        this.priorWeightSeconds = priorWeightSeconds;
        this.halfLifeSeconds = halfLifeSeconds;
        this.decayedAt = nowNanos;
    }

    void add(double cpu, double audio, long nowNanos) {
        decay(nowNanos);
        cpuSeconds += cpu;
        audioSeconds += audio;
    }

    double value(long nowNanos) {
        decay(nowNanos);
        return (cpuSeconds + prior * priorWeightSeconds) / (audioSeconds + priorWeightSeconds);
    }

    private void decay(long nowNanos) {
        double elapsed = (nowNanos - decayedAt) / 1e9;
        if (elapsed > 0) {
            double factor = Math.pow(0.5, elapsed / halfLifeSeconds);
            cpuSeconds *= factor;
            audioSeconds *= factor;
            decayedAt = nowNanos;
        }
    }
}
