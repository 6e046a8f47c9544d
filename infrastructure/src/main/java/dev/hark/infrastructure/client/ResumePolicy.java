package dev.hark.infrastructure.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the client tries to resume a session whose socket dropped: at most
 * {@code maxAttempts} reconnects per drop, each after a delay that starts at {@code firstDelay}
 * and doubles up to {@code maxDelay}, but never shorter than the {@code retry_after_ms} the server
 * asked for on the previous refusal. The first attempt waits too, because right after a drop the
 * server has often not yet noticed the old socket is gone and would answer {@code SESSION_BUSY}.
 * Waiting goes through {@code sleeper}, so tests check the schedule without sleeping.
 */
public record ResumePolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, RealTimePacer.Sleeper sleeper) {

    public ResumePolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative: " + maxAttempts);
        }
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(sleeper, "sleeper");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay: " + firstDelay + ", " + maxDelay);
        }
    }

    /** Five attempts, 200 ms doubling to 2 s, sleeping for real. */
    public static ResumePolicy defaults() {
        return withSleeper(Thread::sleep);
    }

    /** The default schedule, waiting through {@code sleeper}. */
    public static ResumePolicy withSleeper(RealTimePacer.Sleeper sleeper) {
        return new ResumePolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), sleeper);
    }

    /** Never resumes: a dropped socket fails the stream, as before resume existed. */
    public static ResumePolicy never() {
        return new ResumePolicy(0, Duration.ZERO, Duration.ZERO, duration -> { });
    }

    /** The wait before attempt {@code attempt} (1-based), given the server's last {@code retryAfter}. */
    public Duration delayBefore(int attempt, Duration retryAfter) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        long millis = firstDelay.toMillis();
        for (int i = 1; i < attempt && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        Duration backoff = Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
        return retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }
}
