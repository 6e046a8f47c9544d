package dev.hark.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What all sessions of one run record together: frame latency (written by every socket's
 * reading thread), how late the pacing thread sent each frame (one writer), and errors by kind.
 * Histograms hold microseconds, up to a minute, to three significant digits.
 */
public final class LoadStats {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final Histogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Histogram finalLatencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Histogram latenessMicros = new Histogram(MAX_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void latencyNanos(long nanos) {
        latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    void finalLatencyNanos(long nanos) {
        finalLatencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    void latenessNanos(long nanos) {
        latenessMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    Histogram latency() {
        return latencyMicros.copy();
    }

    Histogram finalLatency() {
        return finalLatencyMicros.copy();
    }

    Histogram lateness() {
        return latenessMicros.copy();
    }

    Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }
}
