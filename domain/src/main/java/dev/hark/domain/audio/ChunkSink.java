package dev.hark.domain.audio;

/**
 * Where a {@link Chunker} hands its chunks, typically the session's provider stream. Called on
 * the chunker's lane, once per chunk, in sample order.
 *
 * <p>Contract: returning normally means the sink has taken the chunk; throwing means it has
 * not (it must not keep any part of it). The chunker then keeps the chunk buffered and offers
 * the same audio again at its next flush, so the sink sees every byte exactly once.
 */
@FunctionalInterface
public interface ChunkSink {

    /**
     * @param nowNanos the ticker reading the chunker was last driven with (its {@code offer},
     *                 {@code onTick} or {@code flushAll}), so a sink that needs the time of the
     *                 hand-off reads no clock of its own: one reading per frame
     */
    void accept(PcmChunk chunk, long nowNanos);
}
