package dev.hark.infrastructure.outbound.conversion;

/**
 * Streaming rate change through a {@link ResamplingFilter}: feed input blocks of any size,
 * get every output sample whose filter window the input already covers. Output sample
 * {@code n} is centred on input time {@code n * down / up} (the filter delay is compensated),
 * so the output clock maps onto the input clock by the rate ratio alone. The last few input
 * samples (half a filter length, a few milliseconds) wait for more input, or for {@link #drain()}
 * at the end of the stream, which treats what follows as silence.
 *
 * <p>Mutable; one per stream, used by one thread at a time.
 */
final class PolyphaseResampler {

    private final ResamplingFilter filter;
    /** Input samples from {@code historyStart} on (older ones are no longer needed). */
    private double[] history = new double[1024];
    private int historyLength;
    private long historyStart;
    private long inputCount;
    private long nextOutput;

    PolyphaseResampler(ResamplingFilter filter) {
        this.filter = filter;
    }

    /** Appends {@code samples} and returns every output sample now computable. */
    double[] process(double[] samples) {
        append(samples);
        return produce(false);
    }

    /** The rest of the output, as if silence followed: {@code ceil(inputs * up / down)} samples in all. */
    double[] drain() {
        return produce(true);
    }

    private void append(double[] samples) {
        if (historyLength + samples.length > history.length) {
            double[] grown = new double[Math.max(history.length * 2, historyLength + samples.length)];
            System.arraycopy(history, 0, grown, 0, historyLength);
            history = grown;
        }
        System.arraycopy(samples, 0, history, historyLength, samples.length);
        historyLength += samples.length;
        inputCount += samples.length;
    }

    private double[] produce(boolean toTheEnd) {
        long end = toTheEnd ? ceilDiv(inputCount * filter.up, filter.down) : lastComputable();
        int count = (int) Math.max(0, end - nextOutput);
        double[] out = new double[count];
        int taps = filter.tapsPerPhase;
        double[] bank = filter.coefficients;
        for (int i = 0; i < count; i++, nextOutput++) {
            long index = nextOutput * filter.down + filter.delay;
            long newest = index / filter.up;
            int phaseOffset = (int) (index % filter.up) * taps;
            double sum = 0;
            for (int m = 0; m < taps; m++) {
                sum += bank[phaseOffset + m] * input(newest - m);
            }
            out[i] = sum;
        }
        forgetBefore(oldestNeeded());
        return out;
    }

    /** One past the last output whose newest input sample has arrived. */
    private long lastComputable() {
        // output n needs input floor((n * down + delay) / up) < inputCount
        long limit = inputCount * filter.up - filter.delay;
        return limit <= 0 ? 0 : ceilDiv(limit, filter.down);
    }

    private long oldestNeeded() {
        long newest = (nextOutput * filter.down + filter.delay) / filter.up;
        return newest - filter.tapsPerPhase + 1;
    }

    private double input(long sample) {
        if (sample < historyStart || sample >= inputCount) {
            return 0; // before the stream (or forgotten, never needed again), or the silence after it
        }
        return history[(int) (sample - historyStart)];
    }

    private void forgetBefore(long sample) {
        int drop = (int) Math.min(historyLength, Math.max(0, sample - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private static long ceilDiv(long numerator, long denominator) {
        return Math.floorDiv(numerator + denominator - 1, denominator);
    }
}
