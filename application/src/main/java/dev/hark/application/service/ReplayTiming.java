package dev.hark.application.service;

import java.time.Duration;

/**
 * How long a replay into a new stream takes until that stream has caught up with live audio,
 * counted once per replay ({@code replayCompleted}); a replay abandoned with its stream (released,
 * failed) is not counted. Lane-confined, like the recognizer side that owns it.
 */
final class ReplayTiming {

    private static final long NEVER = Long.MIN_VALUE;

    private final SessionContext context;
    /** Ticker reading when audio began to be replayed into a new stream; {@link #NEVER} when no replay runs. */
    private long startedNanos = NEVER;

    ReplayTiming(SessionContext context) {
        this.context = context;
    }

    void started() {
        startedNanos = context.ticker().nanoTime();
    }

    /** The stream the replay went to is gone: the replay is abandoned, not completed. */
    void abandoned() {
        startedNanos = NEVER;
    }

    /** The stream caught up: the replay's duration is counted, once. */
    void caughtUp() {
        if (startedNanos != NEVER) {
            context.metrics().replayCompleted(Duration.ofNanos(context.ticker().nanoTime() - startedNanos));
            startedNanos = NEVER;
        }
    }
}
