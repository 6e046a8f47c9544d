package dev.hark.infrastructure.outbound.conversion;

/**
 * Positions on the recognizer's clock (its own sample rate) as positions on the client's
 * clock: the converter's output sample {@code n} sits at input time {@code n * clientRate /
 * engineRate}, so the mapping is the rate ratio, rounded to the nearest client sample. Monotonic.
 */
record ClockMapping(int clientRate, int engineRate) {

    ClockMapping {
        if (clientRate <= 0 || engineRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
    }

    long toClient(long engineSample) {
        return Math.floorDiv(Math.multiplyExact(engineSample, (long) clientRate) + engineRate / 2, engineRate);
    }
}
