package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.PcmChunk;
import java.time.Duration;

/**
 * Replays the ledger's backlog into a new stream no faster than the recognizer allows (H23;
 * Deepgram asks for at most 1.25x real time), in 100 ms steps on the lane, then hands over to
 * live audio, which waits in the ledger meanwhile, so order is kept. One run per stream: a step
 * of an earlier run (its timer raced a cancel) recognises itself and does nothing. Lane-confined.
 */
final class ReplayPump {

    private static final Duration STEP = Duration.ofMillis(100);

    /** Where the replayed audio goes: the feed's chunker. */
    interface Target {
        void offer(PcmChunk part, long nowNanos);

        /** A step's offers are done (the chunker's latency timer may need setting). */
        void stepDone(long nowNanos);

        /** The replay reached live audio. */
        void caughtUp();
    }

    private final SessionContext context;
    private final SessionLane lane;
    private final AudioLedger ledger;
    private final int sampleRate;
    private final Target target;
    private ReplayPacer pacer;
    private ScheduledTask timer;
    private long run;

    ReplayPump(SessionContext context, SessionLane lane, AudioLedger ledger, int sampleRate, Target target) {
        this.context = context;
        this.lane = lane;
        this.ledger = ledger;
        this.sampleRate = sampleRate;
        this.target = target;
    }

    /** Starts replaying from {@code fromSample} at {@code speed} times real time. */
    void start(long fromSample, double speed) {
        stop();
        long mine = ++run;
        pacer = new ReplayPacer(fromSample, context.ticker().nanoTime(), speed, sampleRate);
        step(mine);
    }

    boolean isRunning() {
        return pacer != null;
    }

    /** Abandons the replay (its stream is gone) and its timer. */
    void stop() {
        pacer = null;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void step(long stamped) {
        if (pacer == null || run != stamped) {
            return;
        }
        long now = context.ticker().nanoTime();
        long allowedThrough = pacer.allowedThrough(now);
        for (PcmChunk chunk : ledger.retainedFrom(pacer.offeredThrough())) {
            if (chunk.startSample() >= allowedThrough) {
                break;
            }
            PcmChunk part = chunk.until(allowedThrough);
            target.offer(part, now);
            pacer.offered(part.span().end());
        }
        target.stepDone(now);
        if (pacer.offeredThrough() >= ledger.received()) {
            pacer = null;
            timer = null;
            target.caughtUp();
        } else {
            timer = lane.schedule(STEP, "replay step", () -> step(stamped));
        }
    }
}
