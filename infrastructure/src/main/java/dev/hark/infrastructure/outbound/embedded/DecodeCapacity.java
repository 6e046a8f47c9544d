package dev.hark.infrastructure.outbound.embedded;

import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Admission by measured decode load (H30). Counting decoders does not bound CPU: a decoder
 * costs memory whether its stream speaks or not, while decoding costs CPU in proportion to
 * audio, and once the streams need more CPU than there is, every one of them falls behind
 * together. So a stream is admitted only while
 * <ul>
 *   <li>the admitted streams plus the new one fit in {@link Limits#cores()}, each costing the
 *       measured real-time factor (CPU seconds of decoding per second of audio, averaged over
 *       all streams' recent audio) once it has decoded {@value #SETTLED_AFTER_SECONDS} s of audio,
 *       and until then at least {@link Limits#initialRealTimeFactor()}: a burst of new streams is
 *       priced conservatively, since what they will cost together shows only once they run
 *       (decoders that take turns run slower than one decoding alone, as their models compete
 *       for the CPU caches), and</li>
 *   <li>the decoders are not behind: neither working off the audio already queued (its length
 *       times the real-time factor, over the cores) nor the longest lag measured in the last
 *       second or two exceeds {@link Limits#maxBehindSeconds()}.</li>
 * </ul>
 * Everything else is refused at once with {@code CAPACITY_EXHAUSTED} and a retry hint. The
 * estimate starts at {@link Limits#initialRealTimeFactor()} (weighted as {@value #PRIOR_WEIGHT_SECONDS}
 * s of audio) and follows measurements, which decay with a half-life of {@value #HALF_LIFE_SECONDS}
 * s of wall time so it tracks the current mix of speech and silence.
 *
 * <p>Pure bookkeeping under one lock: time comes from the injected ticker (nanoseconds) and the
 * CPU cost from whoever decodes, so tests drive it without threads or sleeps.
 */
final class DecodeCapacity {

    static final double HALF_LIFE_SECONDS = 60;
    static final double SETTLED_AFTER_SECONDS = 10;
    static final double PRIOR_WEIGHT_SECONDS = 10;
    /** Measured lag is kept per window of this length; the last two windows count. */
    static final long LAG_WINDOW_NANOS = 1_000_000_000L;

    /**
     * @param cores                 CPU the decoders may use, in cores
     * @param initialRealTimeFactor the cost assumed per second of audio before any is measured
     * @param maxBehindSeconds      how far behind (in seconds of decode work) the decoders may be
     *                              and still take a new stream
     * @param sampleRate            samples per second of the audio accounted
     * @param retryAfter            the retry hint of a refusal
     */
    record Limits(double cores, double initialRealTimeFactor, double maxBehindSeconds, int sampleRate,
                  java.time.Duration retryAfter) {
        Limits {
            if (!(cores > 0) || !(initialRealTimeFactor > 0) || !(maxBehindSeconds > 0) || sampleRate < 1) {
                throw new IllegalArgumentException("capacity limits must be positive");
            }
        }
    }

    /** The outcome of {@link #admit()}. */
    sealed interface Admission permits Admitted, Refused {
    }

    /** The stream may open; it holds {@code share} until it ends. */
    record Admitted(Share share) implements Admission {
    }

    record Refused(ClientError error) implements Admission {
    }

    /**
     * The state of the decoders, for metrics.
     *
     * @param lagSeconds the longest any audio waited from {@link Share#queued} to the end of its
     *                   decoding, over the last one to two seconds
     */
    record Load(int streams, double realTimeFactor, double demandCores, double queuedSeconds, double behindSeconds,
                double lagSeconds) {
    }

    /** Audio handed to a stream: the stream's whole queue now, and when (on the ticker). */
    record Queued(long pendingSamples, long atNanos) {
    }

    private final Limits limits;
    private final LongSupplier ticker;
    private final LongSupplier threadCpuClock;
    private final Object lock = new Object();
    private int streams;
    /** Admitted streams that have not decoded {@link #SETTLED_AFTER_SECONDS} of audio yet. */
    private int unsettled;
    private long pendingSamples;
    private final RealTimeFactorEstimate realTimeFactor;
    private final RecentMaximum lag;

    /**
     * @param ticker         monotonic nanoseconds, for the decay of measurements
     * @param threadCpuClock CPU nanoseconds the calling thread has used, for the cost of decoding
     */
    DecodeCapacity(Limits limits, LongSupplier ticker, LongSupplier threadCpuClock) {
        this.limits = limits;
        this.ticker = ticker;
        this.threadCpuClock = threadCpuClock;
        long now = ticker.getAsLong();
        this.realTimeFactor = new RealTimeFactorEstimate(limits.initialRealTimeFactor(), PRIOR_WEIGHT_SECONDS,
                HALF_LIFE_SECONDS, now);
        this.lag = new RecentMaximum(LAG_WINDOW_NANOS, now);
    }

    /** Why a stream opened now would be refused, or empty when it would be admitted. Reserves nothing. */
    Optional<ClientError> refusal() {
        synchronized (lock) {
            return Optional.ofNullable(refusalLocked());
        }
    }

    /** Reserves a share of the decoders' CPU for one stream, or refuses. */
    Admission admit() {
        synchronized (lock) {
            ClientError refusal = refusalLocked();
            if (refusal != null) {
                return new Refused(refusal);
            }
            streams++;
            unsettled++;
            return new Admitted(new Share());
        }
    }

    Load load() {
        synchronized (lock) {
            double rtf = realTimeFactorLocked();
            return new Load(streams, rtf, demandLocked(streams, unsettled, rtf),
                    pendingSamples / (double) limits.sampleRate(), behindSecondsLocked(rtf),
                    recentLagLocked() / 1e9);
        }
    }

    private ClientError refusalLocked() {
        double rtf = realTimeFactorLocked();
        if (demandLocked(streams + 1, unsettled + 1, rtf) > limits.cores()) {
            return ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED, String.format(Locale.ROOT,
                    "the embedded engine is at capacity: %d streams need %.2f of %.2f cores (real-time factor"
                            + " %.3f)", streams, demandLocked(streams, unsettled, rtf), limits.cores(), rtf),
                    limits.retryAfter());
        }
        double behind = Math.max(behindSecondsLocked(rtf), recentLagLocked() / 1e9);
        if (behind > limits.maxBehindSeconds()) {
            return ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED, String.format(Locale.ROOT,
                    "the embedded engine is %.2f s behind its audio", behind), limits.retryAfter());
        }
        return null;
    }

    /** Cores the given streams need: the settled ones at {@code rtf}, the others at no less than the initial estimate. */
    private double demandLocked(int streamCount, int unsettledCount, double rtf) {
        return (streamCount - unsettledCount) * rtf
                + unsettledCount * Math.max(rtf, limits.initialRealTimeFactor());
    }

    /** Measured CPU per second of audio, pulled towards the initial estimate while there is little audio. */
    private double realTimeFactorLocked() {
        return realTimeFactor.value(ticker.getAsLong());
    }

    /** Seconds the decoders need to work off the audio queued for them, all cores busy. */
    private double behindSecondsLocked(double rtf) {
        return pendingSamples / (double) limits.sampleRate() * rtf / limits.cores();
    }

    /** The longest lag measured in the current and the previous window, in nanoseconds. */
    private long recentLagLocked() {
        return lag.value(ticker.getAsLong());
    }

    /**
     * One admitted stream's account: the audio queued for its decoder and what decoding it cost.
     * Thread-safe; every call after {@link #close()} is ignored.
     */
    final class Share implements AutoCloseable {

        private long pending;
        private long decodedSamples;
        private boolean settled;
        private boolean closed;

        private Share() {
        }

        /** Audio handed to the stream, not decoded yet. */
        Queued queued(long samples) {
            long now = ticker.getAsLong();
            synchronized (lock) {
                if (!closed) {
                    pending += samples;
                    pendingSamples += samples;
                }
                return new Queued(pending, now);
            }
        }

        /**
         * Runs {@code decoding} on the calling thread and books its CPU time against
         * {@code samples} taken off the queue (0 for work such as ending an utterance), and the
         * lag of audio queued at {@code queuedAtNanos}.
         */
        void decode(long samples, long queuedAtNanos, Runnable decoding) {
            long before = threadCpuClock.getAsLong();
            try {
                decoding.run();
            } finally {
                decoded(samples, threadCpuClock.getAsLong() - before, queuedAtNanos);
            }
        }

        private void decoded(long samples, long cpuNanos, long queuedAtNanos) {
            long now = ticker.getAsLong();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                long taken = Math.min(samples, pending);
                pending -= taken;
                pendingSamples -= taken;
                realTimeFactor.add(Math.max(0, cpuNanos) / 1e9, samples / (double) limits.sampleRate(), now);
                lag.record(now - queuedAtNanos, now);
                decodedSamples += samples;
                if (!settled && decodedSamples >= SETTLED_AFTER_SECONDS * limits.sampleRate()) {
                    settled = true;
                    unsettled--;
                }
            }
        }

        /** The stream ended: its queue and its share of the CPU are free. Idempotent. */
        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                pendingSamples -= pending;
                pending = 0;
                streams--;
                if (!settled) {
                    unsettled--;
                }
            }
        }
    }
}
