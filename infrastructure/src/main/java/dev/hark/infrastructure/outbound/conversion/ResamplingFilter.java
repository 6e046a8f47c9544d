package dev.hark.infrastructure.outbound.conversion;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The anti-aliasing low-pass of a rational rate change {@code in -> out = in * up / down},
 * stored as a polyphase bank: a Kaiser-windowed sinc designed at the up-sampled rate, cut into
 * {@code up} phases of {@code tapsPerPhase} taps. Passband to {@value #PASSBAND} of the lower
 * Nyquist frequency, at least {@value #STOPBAND_DB} dB down from the lower Nyquist frequency
 * on, so nothing above the target's band folds back into speech. Linear phase: the filter's
 * delay is compensated by the resampler, so output sample {@code n} sits exactly at input time
 * {@code n * down / up}.
 *
 * <p>Immutable; one bank per rate pair, shared by every stream ({@link #forRates}).
 */
final class ResamplingFilter {

    static final double PASSBAND = 0.9;
    static final double STOPBAND_DB = 80;
    /** Banks beyond this many coefficients (awkward rate pairs such as 44101 -> 16000) are refused. */
    static final int MAX_COEFFICIENTS = 1 << 20;

    private static final Map<Long, ResamplingFilter> BANKS = new ConcurrentHashMap<>();

    final int up;
    final int down;
    final int tapsPerPhase;
    /** Phase-major: {@code coefficients[phase * tapsPerPhase + m]} is tap {@code phase + m * up}, times {@code up}. */
    final double[] coefficients;
    /** Group delay in up-sampled samples. */
    final long delay;

    private ResamplingFilter(int up, int down, int tapsPerPhase, double[] coefficients, long delay) {
        this.up = up;
        this.down = down;
        this.tapsPerPhase = tapsPerPhase;
        this.coefficients = coefficients;
        this.delay = delay;
    }

    /** The shared bank for {@code inRate -> outRate}, or empty when it would be unreasonably large. */
    static Optional<ResamplingFilter> forRates(int inRate, int outRate) {
        if (length(inRate, outRate) > MAX_COEFFICIENTS) {
            return Optional.empty();
        }
        long key = ((long) inRate << 32) | outRate;
        return Optional.of(BANKS.computeIfAbsent(key, ignored -> design(inRate, outRate)));
    }

    /** Taps of the prototype filter for a rate pair (odd, so the delay is a whole sample). */
    static long length(int inRate, int outRate) {
        int gcd = BigInteger.valueOf(inRate).gcd(BigInteger.valueOf(outRate)).intValueExact();
        long up = outRate / gcd;
        double upsampledRate = (double) inRate * up;
        double transition = (1 - PASSBAND) * Math.min(inRate, outRate) / 2;
        double transitionRadians = 2 * Math.PI * transition / upsampledRate;
        long taps = (long) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * transitionRadians));
        return taps | 1;
    }

    private static ResamplingFilter design(int inRate, int outRate) {
        int gcd = BigInteger.valueOf(inRate).gcd(BigInteger.valueOf(outRate)).intValueExact();
        int up = outRate / gcd;
        int down = inRate / gcd;
        int taps = Math.toIntExact(length(inRate, outRate));
        double nyquist = Math.min(inRate, outRate) / 2.0;
        // cutoff halfway through the transition band, in cycles per up-sampled sample
        double cutoff = (1 + PASSBAND) / 2 * nyquist / ((double) inRate * up);
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        double center = (taps - 1) / 2.0;
        int tapsPerPhase = (taps + up - 1) / up;
        double[] bank = new double[up * tapsPerPhase];
        double i0Beta = besselI0(beta);
        for (int n = 0; n < taps; n++) {
            double x = n - center;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double ratio = x / center;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / i0Beta;
            int phase = n % up;
            int m = n / up;
            bank[phase * tapsPerPhase + m] = sinc * window * up;
        }
        return new ResamplingFilter(up, down, tapsPerPhase, bank, (taps - 1) / 2);
    }

    /** The zeroth-order modified Bessel function of the first kind, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200 && term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }
}
