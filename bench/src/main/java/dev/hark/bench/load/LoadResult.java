package dev.hark.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured. Latencies and lateness are in microseconds.
 *
 * @param sessions       sessions asked for
 * @param started        sessions that got {@code session.started}
 * @param framesSent     frames handed to the client library
 * @param acknowledged   frames a final acknowledged (once)
 * @param lost           frames sent and never acknowledged, by the time every session closed
 * @param duplicates     acknowledgements of a frame already acknowledged
 * @param misaligned     finals whose range did not fall on frame edges
 * @param unknown        frames named by a final that were never sent
 * @param sendSeconds    wall time from the first scheduled send to the last
 * @param latency        send to covering final, per frame
 * @param lateness       how late the pacing thread sent each message against its schedule
 * @param errors         errors by kind (server error codes, socket errors, sessions not closed)
 * @param finalLatency   per final: from the send of the last frame it covers to its arrival (the
 *                       same as {@code latency} when every final covers one frame)
 */
public record LoadResult(int sessions, int started, long framesSent, long acknowledged, long lost,
                         long duplicates, long misaligned, long unknown, double sendSeconds,
                         Histogram latency, Histogram lateness, Map<String, Long> errors,
                         Histogram finalLatency) {

    public double framesPerSecond() {
        return sendSeconds <= 0 ? 0 : framesSent / sendSeconds;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Latency percentile in milliseconds. */
    public double latencyMillis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Final latency percentile in milliseconds. */
    public double finalLatencyMillis(double percentile) {
        return finalLatency.getTotalCount() == 0 ? Double.NaN : finalLatency.getValueAtPercentile(percentile) / 1000.0;
    }

    public double latenessMillis(double percentile) {
        return lateness.getTotalCount() == 0 ? Double.NaN : lateness.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Correct: every session started, every frame sent was acknowledged exactly once, no errors. */
    public boolean isClean() {
        return started == sessions && lost == 0 && duplicates == 0 && misaligned == 0 && unknown == 0
                && errorCount() == 0 && acknowledged == framesSent;
    }
}
