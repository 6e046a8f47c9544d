package dev.hark.domain.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link Chunker} hands buffered audio on (hazard H21). Whichever comes first:
 * <ul>
 *   <li><b>size</b>: at least {@code minChunk} of audio is buffered;</li>
 *   <li><b>latency</b>: the oldest buffered audio has waited {@code maxLatency} since its own
 *       arrival (not since the last frame or the last flush, which keep resetting while frames
 *       arrive every few tens of milliseconds).</li>
 * </ul>
 * {@code minChunk} is also the ceiling: the chunker cuts chunks of exactly {@code minChunk}
 * (rounded up to whole samples); only a latency flush, {@link Chunker#flushAll} or a gap in the
 * sample clock cuts one shorter. So every chunk it emits is at most {@code minChunk} long.
 * {@code maxLatency} of zero forwards every frame as soon as it arrives.
 */
public record ChunkPolicy(Duration minChunk, Duration maxLatency) {

    /** Suits clients sending 20–40 ms frames: about 3 frames a chunk, at most a quarter second late. */
    public static final ChunkPolicy DEFAULTS = new ChunkPolicy(Duration.ofMillis(100), Duration.ofMillis(250));

    public ChunkPolicy {
        Objects.requireNonNull(minChunk, "minChunk");
        Objects.requireNonNull(maxLatency, "maxLatency");
        if (minChunk.isNegative() || minChunk.isZero()) {
            throw new IllegalArgumentException("minChunk must be positive: " + minChunk);
        }
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must not be negative: " + maxLatency);
        }
    }

    /**
     * This policy with {@code minChunk} moved into a provider's preferred chunk range, e.g.
     * Deepgram's 20–250 ms. What that honours: every size-triggered chunk lies inside the range
     * and no chunk exceeds {@code providerMax}. What it cannot honour: a latency flush (or
     * {@code flushAll}, or a cut at a gap) may emit less than {@code providerMin} when little
     * audio was waiting, because latency wins over size. {@code maxLatency} is left unchanged.
     */
    public ChunkPolicy clampedTo(Duration providerMin, Duration providerMax) {
        Objects.requireNonNull(providerMin, "providerMin");
        Objects.requireNonNull(providerMax, "providerMax");
        if (providerMin.isNegative() || providerMin.isZero() || providerMax.compareTo(providerMin) < 0) {
            throw new IllegalArgumentException("bad provider range [" + providerMin + ", " + providerMax + "]");
        }
        Duration clamped = minChunk.compareTo(providerMin) < 0 ? providerMin
                : minChunk.compareTo(providerMax) > 0 ? providerMax : minChunk;
        return clamped.equals(minChunk) ? this : new ChunkPolicy(clamped, maxLatency);
    }
}
