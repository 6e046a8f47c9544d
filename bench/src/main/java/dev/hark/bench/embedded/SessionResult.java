package dev.hark.bench.embedded;

import java.util.List;

/**
 * What one benchmark session saw.
 *
 * @param error         the error code that refused or ended it, or null
 * @param answerSeconds from asking to open to {@code session.started} or the refusal
 * @param interimLags   the {@code lag} of every interim transcript, seconds
 * @param finalLags     the {@code lag} of every final transcript, seconds
 * @param finals        the finals' text, joined
 * @param finishSeconds from {@code close_stream} (sent right after the last audio) to {@code session.closed};
 *                      NaN when it never closed in order
 * @param sendFailures  sends that failed
 */
record SessionResult(String error, double answerSeconds, List<Double> interimLags, List<Double> finalLags,
                     String finals, double finishSeconds, int sendFailures) {

    boolean refused() {
        return "CAPACITY_EXHAUSTED".equals(error) && interimLags.isEmpty() && finalLags.isEmpty();
    }

    double maxLag() {
        return Math.max(max(interimLags), max(finalLags));
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
