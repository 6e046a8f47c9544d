package dev.hark.domain.audio;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Regroups a session's client frames into provider-sized chunks under a {@link ChunkPolicy}
 * (hazards H21, H22, H24). Pure and passive: time arrives as {@code nowNanos} from the caller's
 * injected monotonic clock (non-decreasing; an earlier value counts as the latest one seen),
 * and the caller drives the latency trigger by calling {@link #onTick} at
 * {@link #nextDeadlineNanos()}. Then no audio waits longer than {@code maxLatency}; ticking on
 * a fixed period P instead bounds the wait by {@code maxLatency + P}.
 *
 * <p>Output: chunks on the input's sample clock, in order; concatenated they are exactly the
 * accepted input bytes, each once. Chunks are cut at gaps in the sample clock (which appear
 * after a refused offer), so every chunk is contiguous PCM.
 *
 * <p>Sink failure (H22): a chunk leaves the buffer only after the sink returned normally. If the
 * sink throws, the chunk stays buffered at the front (its bytes keep their arrival times), the
 * flush stops, the failure escapes as {@link ChunkSinkException}, and the next offer, tick or
 * {@code flushAll} offers the same audio again. The "flushing" state is reset in
 * {@code finally}, so a failure never wedges the chunker. A sink that calls back into the
 * chunker does not start a nested flush: a re-entrant {@code offer} only buffers, a re-entrant
 * {@code onTick} or {@code flushAll} is folded into the flush already running.
 *
 * <p>Bound (H24): at most {@code maxBuffered} of audio is held (rounded up to whole samples, as
 * is {@code minChunk}). An offer that would exceed it
 * is refused whole ({@link Offer#REFUSED_FULL}): nothing of it is kept, the sink is not called,
 * and the caller counts the drop. Size the bound to at least {@code minChunk} plus the largest
 * frame and refusals happen only while the sink is failing or stalled.
 *
 * <p>Mutable and not thread-safe: confine each instance to its session's lane.
 */
public final class Chunker {

    /** What {@link #offer} did with a chunk. */
    public enum Offer {
        /** Buffered, and flushed if that made a trigger fire. */
        ACCEPTED,
        /** Would push the buffer past its bound; nothing of it was kept. */
        REFUSED_FULL
    }

    private final AudioFormat format;
    private final ChunkSink sink;
    private final int chunkBytes;
    private final long maxLatencyNanos;
    private final long maxBufferedBytes;
    private final StampedPcmBuffer buffer;
    private long nextSample;
    private boolean sawTime;
    private long latestNanos;
    private boolean flushing;
    private boolean drainAllRequested;

    public Chunker(AudioFormat format, ChunkPolicy policy, Duration maxBuffered, ChunkSink sink) {
        this.format = Objects.requireNonNull(format, "format");
        this.sink = Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxBuffered, "maxBuffered");
        if (maxBuffered.compareTo(policy.minChunk()) < 0) {
            throw new IllegalArgumentException("maxBuffered " + maxBuffered + " is below minChunk " + policy.minChunk());
        }
        this.chunkBytes = Math.toIntExact(samplesRoundedUp(policy.minChunk(), format.sampleRate()) * format.bytesPerFrame());
        this.maxLatencyNanos = policy.maxLatency().toNanos();
        this.maxBufferedBytes = samplesRoundedUp(maxBuffered, format.sampleRate()) * format.bytesPerFrame();
        this.buffer = new StampedPcmBuffer(format);
    }

    /**
     * Buffers {@code chunk} as arrived at {@code nowNanos}, then flushes whatever is due.
     *
     * @throws IllegalArgumentException for another format or a chunk overlapping audio already
     *     offered (a later start, i.e. a gap, is fine); nothing is kept then
     * @throws ChunkSinkException if the sink failed during the flush; the chunk was accepted
     */
    public Offer offer(PcmChunk chunk, long nowNanos) {
        Objects.requireNonNull(chunk, "chunk");
        if (!chunk.format().equals(format)) {
            throw new IllegalArgumentException("chunk format " + chunk.format() + " is not " + format);
        }
        if (chunk.startSample() < nextSample) {
            throw new IllegalArgumentException("chunk at " + chunk.startSample() + " overlaps audio up to " + nextSample);
        }
        long now = observe(nowNanos);
        if (buffer.bytes() + chunk.pcm().length > maxBufferedBytes) {
            return Offer.REFUSED_FULL;
        }
        buffer.append(chunk, now);
        nextSample = chunk.span().end();
        drain(false);
        return Offer.ACCEPTED;
    }

    /** Flushes whatever is due at {@code nowNanos}; the scheduler's entry point. */
    public void onTick(long nowNanos) {
        observe(nowNanos);
        drain(false);
    }

    /** Flushes everything buffered, due or not (finalize, close). Empty afterwards unless the sink throws. */
    public void flushAll(long nowNanos) {
        observe(nowNanos);
        drain(true);
    }

    /**
     * When {@link #onTick} will next emit something, assuming the sink accepts; empty while
     * nothing is buffered. A value at or before the latest {@code nowNanos} means "due now": it
     * happens only after a sink failure left due audio behind, and the caller chooses the retry
     * backoff.
     */
    public OptionalLong nextDeadlineNanos() {
        if (buffer.isEmpty()) {
            return OptionalLong.empty();
        }
        if (buffer.bytes() >= chunkBytes) {
            return OptionalLong.of(latestNanos);
        }
        return OptionalLong.of(buffer.oldestArrivalNanos() + maxLatencyNanos);
    }

    public long bufferedBytes() {
        return buffer.bytes();
    }

    private void drain(boolean all) {
        if (flushing) {
            drainAllRequested |= all;
            return;
        }
        flushing = true;
        drainAllRequested = all;
        try {
            while (isDue()) {
                emitFront();
            }
        } finally {
            flushing = false;
            drainAllRequested = false;
        }
    }

    private boolean isDue() {
        return !buffer.isEmpty() && (drainAllRequested || buffer.bytes() >= chunkBytes
                || latestNanos - buffer.oldestArrivalNanos() >= maxLatencyNanos);
    }

    private void emitFront() {
        PcmChunk chunk = buffer.peekFront(chunkBytes);
        try {
            sink.accept(chunk, latestNanos);
        } catch (RuntimeException e) {
            throw new ChunkSinkException(chunk.span(), e);
        }
        buffer.discardFront(chunk.pcm().length);
    }

    private long observe(long nowNanos) {
        if (!sawTime || nowNanos - latestNanos > 0) {
            latestNanos = nowNanos;
            sawTime = true;
        }
        return latestNanos;
    }

    /** Durations become whole samples rounding up, so a positive duration is at least one sample. */
    private static long samplesRoundedUp(Duration duration, int sampleRate) {
        long whole = Math.multiplyExact(duration.getSeconds(), (long) sampleRate);
        long fraction = ((long) duration.getNano() * sampleRate + 999_999_999L) / 1_000_000_000L;
        return Math.addExact(whole, fraction);
    }
}
