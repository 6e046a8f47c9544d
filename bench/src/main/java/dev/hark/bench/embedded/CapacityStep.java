package dev.hark.bench.embedded;

import java.util.List;
import java.util.Locale;

/**
 * One run of {@code offered} sessions at real time.
 *
 * @param offered        sessions that asked to open
 * @param sessions       what each saw
 * @param audioSeconds   audio the admitted sessions streamed
 * @param serverCpu      CPU seconds Hark used during the run (all threads: decoding, network, JVM)
 * @param decodeRtf      Hark's {@code hark.embedded.real_time_factor} at the end: decode threads' CPU per
 *                       second of audio, what admission counts
 * @param wallSeconds    how long the run took
 * @param otherCpu       CPU seconds all other processes used meanwhile (the benchmark's own excluded)
 * @param lagMax         the largest {@code hark.embedded.lag_seconds} sampled: the longest any audio
 *                       waited from reaching the engine to the end of its decoding
 * @param behindMax      the largest {@code hark.embedded.behind_seconds} sampled: how long the decoders
 *                       would have needed to work off their queued audio
 * @param pacingLateP99  how late the benchmark sent its frames, p99 seconds (its own lag)
 */
record CapacityStep(int offered, List<SessionResult> sessions, double audioSeconds, double serverCpu,
                    double decodeRtf, double wallSeconds, double otherCpu, double lagMax, double behindMax, double pacingLateP99) {

    static final double LAG_BOUND_SECONDS = 1.0;
    static final double FINISH_BOUND_SECONDS = 1.0;

    long admitted() {
        return sessions.stream().filter(s -> !s.refused()).count();
    }

    long refused() {
        return sessions.stream().filter(SessionResult::refused).count();
    }

    long failed() {
        return sessions.stream().filter(s -> !s.refused() && s.error() != null).count();
    }

    /** Server CPU per second of audio streamed. */
    double realTimeFactor() {
        return audioSeconds == 0 ? 0 : serverCpu / audioSeconds;
    }

    double interimLag(double quantile) {
        return quantile(sessions.stream().filter(s -> !s.refused()).flatMap(s -> s.interimLags().stream()).toList(),
                quantile);
    }

    double finalLag(double quantile) {
        return quantile(sessions.stream().filter(s -> !s.refused()).flatMap(s -> s.finalLags().stream()).toList(),
                quantile);
    }

    double finishMax() {
        return sessions.stream().filter(s -> !s.refused())
                .mapToDouble(s -> Double.isNaN(s.finishSeconds()) ? Double.POSITIVE_INFINITY : s.finishSeconds())
                .max().orElse(0);
    }

    /** The slowest refusal: from asking to open to the error. */
    double refusalMax() {
        return sessions.stream().filter(SessionResult::refused).mapToDouble(SessionResult::answerSeconds).max()
                .orElse(0);
    }

    /**
     * Every admitted session kept up: no failure, no audio decoded later than the lag bound after
     * it reached the engine, and the last final and {@code session.closed} within the finish bound
     * after the audio ended.
     */
    boolean withinBounds() {
        return admitted() > 0 && failed() == 0 && lagMax <= LAG_BOUND_SECONDS && finishMax() <= FINISH_BOUND_SECONDS;
    }

    String row() {
        return String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f / %.2f | %.0f | %.3f | %s |",
                offered, admitted(), refused(), failed(), 100 * serverCpu / wallSeconds, realTimeFactor(), decodeRtf,
                lagMax,
                finishMax(), behindMax, interimLag(0.5), interimLag(0.99), finalLag(0.5), finalLag(0.99),
                100 * otherCpu / wallSeconds, pacingLateP99, withinBounds() ? "yes" : "**no**");
    }

    static String header() {
        return """
                | streams | admitted | refused | failed | Hark CPU % | Hark RTF | decode RTF | decode lag max s | finish max s | behind max s | interim "lag" p50 / p99 s | final "lag" p50 / p99 s | other CPU % | gen late p99 s | within bounds |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|""";
    }

    private static double quantile(List<Double> values, double quantile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(quantile * (sorted.size() - 1)));
    }
}
