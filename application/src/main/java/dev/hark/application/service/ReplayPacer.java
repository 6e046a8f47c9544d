package dev.hark.application.service;

/**
 * Paces a replay backlog at a fixed multiple of real time (H23): after {@code t} seconds,
 * at most {@code speed * t} seconds of audio past the start may have been offered. The first
 * 100 ms go at once, so a replay never starts with a pause.
 */
final class ReplayPacer {

    private final long startSample;
    private final long startNanos;
    private final double speed;
    private final int sampleRate;
    private long offeredThrough;

    ReplayPacer(long startSample, long startNanos, double speed, int sampleRate) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive");
        }
        this.startSample = startSample;
        this.startNanos = startNanos;
        this.speed = speed;
        this.sampleRate = sampleRate;
        this.offeredThrough = startSample;
    }

    /** The sample before which audio may have been offered by {@code nowNanos}. */
    long allowedThrough(long nowNanos) {
        double seconds = Math.max(0, nowNanos - startNanos) / 1e9 * speed + 0.1;
        return startSample + (long) (seconds * sampleRate);
    }

    long offeredThrough() {
        return offeredThrough;
    }

    void offered(long through) {
        offeredThrough = Math.max(offeredThrough, through);
    }
}
