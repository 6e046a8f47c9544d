package dev.hark.domain.session;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * When a session reconnects its recognizer after a stream failed, and when it gives up (H23).
 * The backoff doubles per consecutive quick failure (a stream that failed within
 * {@code healthyAfter} of opening, or a connect that never opened), capped at {@code maxBackoff},
 * with a jitter of ±20 % seeded by the session so sessions that failed together do not
 * reconnect together, yet the same session always waits the same (tests can name the delay).
 * Time is passed in as monotonic ticker readings in nanoseconds; nothing here reads a clock.
 * Not thread-safe: one per session, on its lane.
 */
public final class ReconnectPolicy {

    /** The {@code openedAtNanos} of a connect attempt that never produced a stream. */
    public static final long NEVER_OPENED = Long.MIN_VALUE;

    /** What to do after a failure. */
    public sealed interface Decision {
        /** Reconnect after {@code delay}; {@code attempt} counts the consecutive quick failures so far. */
        record Retry(Duration delay, int attempt) implements Decision {
        }

        /** Stop: {@code failures} quick failures in a row exceed the limit. */
        record GiveUp(int failures) implements Decision {
        }
    }

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxQuickFailures;
    private final Duration healthyAfter;
    private final long jitterSeed;
    private int quickFailures;

    public ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, int maxQuickFailures, Duration healthyAfter,
                           long jitterSeed) {
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        this.healthyAfter = Objects.requireNonNull(healthyAfter, "healthyAfter");
        if (maxQuickFailures < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxQuickFailures >= 1 and 0 <= initialBackoff <= maxBackoff required");
        }
        this.maxQuickFailures = maxQuickFailures;
        this.jitterSeed = jitterSeed;
    }

    /**
     * The decision after a failure of the stream opened at {@code openedAtNanos} ({@link #NEVER_OPENED}
     * when the connect itself failed). A stream that lived {@code healthyAfter} starts the count afresh.
     */
    public Decision next(long openedAtNanos, long nowNanos) {
        boolean quick = openedAtNanos == NEVER_OPENED || nowNanos - openedAtNanos < healthyAfter.toNanos();
        quickFailures = quick ? quickFailures + 1 : 1;
        if (quickFailures > maxQuickFailures) {
            return new Decision.GiveUp(quickFailures);
        }
        long doubled = initialBackoff.toMillis() << Math.min(20, quickFailures - 1);
        long capped = Math.min(maxBackoff.toMillis(), doubled);
        double jitter = 0.8 + 0.4 * new SplittableRandom(jitterSeed * 31L + quickFailures).nextDouble();
        return new Decision.Retry(Duration.ofMillis(Math.round(capped * jitter)), quickFailures);
    }
}
