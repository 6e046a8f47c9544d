package dev.hark.bench.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives every session's sends from one thread, on a fixed period per session, with start
 * offsets spread evenly over one period so the server sees a steady stream rather than N frames
 * at once. Session {@code k} sends frame {@code i} at {@code start + k * period / N + i * period},
 * and {@code close_stream} one period after its last frame. In that order the deadlines only
 * grow, so a single cursor replaces a timer queue.
 *
 * <p>When sends (or the machine) keep the thread from a deadline, it sends late rather than
 * skipping, and records how late, so an overloaded generator is reported instead of being
 * mistaken for server latency: the latency of a late frame starts at its actual send.
 */
final class PacingLoop {

    private final List<BenchSocket> sockets;
    private final AudioLoop audio;
    private final int frames;
    private final long periodNanos;
    private final LoadStats stats;

    PacingLoop(List<BenchSocket> sockets, AudioLoop audio, int frames, long periodNanos, LoadStats stats) {
        this.sockets = sockets;
        this.audio = audio;
        this.frames = frames;
        this.periodNanos = periodNanos;
        this.stats = stats;
    }

    /** Blocks until every live session has sent all its frames and {@code close_stream}. */
    void run(long startNanos) {
        int count = sockets.size();
        for (int step = 0; step <= frames; step++) {
            for (int k = 0; k < count; k++) {
                long due = startNanos + k * periodNanos / count + step * periodNanos;
                long now = awaitDeadline(due);
                BenchSocket socket = sockets.get(k);
                if (!socket.isLive()) {
                    continue;
                }
                stats.latenessNanos(now - due);
                if (step < frames) {
                    socket.send(step, audio.frame(step + k));
                } else {
                    socket.closeStream();
                }
            }
        }
    }

    /** Parks until {@code due}; returns the time it woke. */
    private static long awaitDeadline(long due) {
        long now = System.nanoTime();
        while (now - due < 0) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        return now;
    }
}
