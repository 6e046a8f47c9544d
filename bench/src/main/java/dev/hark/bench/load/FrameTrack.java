package dev.hark.bench.load;

import java.util.function.LongConsumer;

/**
 * One session's frames: when each was sent and whether a final acknowledged it. A final covering
 * {@code [start, end)} acknowledges exactly the frames inside it; a frame acknowledged twice is
 * a duplicate; a frame sent and never acknowledged by the end is lost. Frames are fixed-size, so
 * a final whose edges fall inside a frame is counted as misaligned (the gateway regrouped audio
 * it should have passed through).
 *
 * <p>{@link #sent} is called by the pacing thread, {@link #acknowledge} by the socket's reading
 * thread; a send time is written before the volatile count that publishes it, so the reader
 * sees every time it may read without a shared lock.
 * Acknowledgements of one session come from one thread at a time (the socket delivers messages
 * in order), which is all the {@code acked} flags need.
 */
public final class FrameTrack {

    private final int samplesPerFrame;
    private final long[] sentAtNanos;
    private final boolean[] sent;
    private final boolean[] acked;
    /** One past the highest frame sent; volatile so it publishes the send times before it. */
    private volatile int sentThrough;
    /** Frames actually sent (the pacing thread skips none, but counting beats inferring). */
    private volatile int sentCount;
    private int ackedCount;
    private int duplicates;
    private int misaligned;
    private int unknown;

    public FrameTrack(int frames, int samplesPerFrame) {
        this.samplesPerFrame = samplesPerFrame;
        this.sentAtNanos = new long[frames];
        this.sent = new boolean[frames];
        this.acked = new boolean[frames];
    }

    /** Frame {@code index} left at {@code nanos}; frames are sent in index order. */
    public void sent(int index, long nanos) {
        sentAtNanos[index] = nanos;
        sent[index] = true;
        sentCount++; // one writer: the pacing thread
        sentThrough = Math.max(sentThrough, index + 1);
    }

    /**
     * A final covering samples {@code [start, end)} arrived at {@code nowNanos}; each newly
     * acknowledged frame's latency (nanoseconds) goes to {@code latencies}.
     */
    public void acknowledge(long start, long end, long nowNanos, LongConsumer latencies) {
        acknowledge(start, end, nowNanos, latencies, finalLatency -> { });
    }

    /**
     * As {@link #acknowledge(long, long, long, LongConsumer)}, and the final's own latency goes
     * to {@code finalLatencies}: from the send of the last frame it covers to its arrival. A
     * gateway that groups frames into chunks makes a frame wait for the chunk's later frames;
     * the final's latency leaves that wait out and is what the transport after the grouping
     * costs. Only finals whose last frame is newly acknowledged count (a duplicate has none).
     */
    public synchronized void acknowledge(long start, long end, long nowNanos, LongConsumer latencies,
                                         LongConsumer finalLatencies) {
        if (start % samplesPerFrame != 0 || end % samplesPerFrame != 0 || end <= start) {
            misaligned++;
        }
        long first = Math.ceilDiv(start, samplesPerFrame);
        long last = end / samplesPerFrame; // exclusive
        int published = sentThrough;
        long lastFrame = last - 1;
        boolean lastIsNew = lastFrame >= Math.max(0, first) && lastFrame < published && sent[(int) lastFrame]
                && !acked[(int) lastFrame];
        for (long frame = first; frame < last; frame++) {
            if (frame < 0 || frame >= published || !sent[(int) frame]) {
                unknown++;
                continue;
            }
            int index = (int) frame;
            if (acked[index]) {
                duplicates++;
            } else {
                acked[index] = true;
                ackedCount++;
                latencies.accept(nowNanos - sentAtNanos[index]);
            }
        }
        if (lastIsNew) {
            finalLatencies.accept(nowNanos - sentAtNanos[(int) lastFrame]);
        }
    }

    public int sent() {
        return sentCount;
    }

    public synchronized int acknowledged() {
        return ackedCount;
    }

    /** Sent and never acknowledged. Meaningful once the session has closed. */
    public synchronized int lost() {
        return sentCount - ackedCount;
    }

    public synchronized int duplicates() {
        return duplicates;
    }

    public synchronized int misaligned() {
        return misaligned;
    }

    /** Frames named by a final that were never sent (or lie outside the run). */
    public synchronized int unknown() {
        return unknown;
    }
}
