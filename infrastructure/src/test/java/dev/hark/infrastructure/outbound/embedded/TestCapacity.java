package dev.hark.infrastructure.outbound.embedded;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DecodeCapacity} on hand-driven clocks: {@link #ticker} is wall time, {@link #cpu}
 * the CPU time of whichever thread decodes; tests advance both.
 */
final class TestCapacity {

    static final int SAMPLE_RATE = 16_000;
    static final Duration RETRY = Duration.ofSeconds(2);

    final AtomicLong ticker = new AtomicLong();
    final AtomicLong cpu = new AtomicLong();
    final DecodeCapacity capacity;

    TestCapacity(double cores, double initialRealTimeFactor, double maxBehindSeconds) {
        capacity = new DecodeCapacity(new DecodeCapacity.Limits(cores, initialRealTimeFactor, maxBehindSeconds,
                SAMPLE_RATE, RETRY), ticker::get, cpu::get);
    }

    /** Room for a thousand streams: for tests about something else. */
    static TestCapacity unlimited() {
        return new TestCapacity(1000, 0.1, 3600);
    }

    DecodeCapacity.Share admitted() {
        return switch (capacity.admit()) {
            case DecodeCapacity.Admitted admitted -> admitted.share();
            case DecodeCapacity.Refused refused -> throw new AssertionError("refused: " + refused.error());
        };
    }
}
