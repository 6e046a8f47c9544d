package dev.hark.domain.audio;

import java.util.Objects;

/**
 * Raw little-endian PCM stamped with the sample offset of its first sample on the clock of
 * whoever produced it. The array is owned by the chunk once constructed: callers hand over a
 * copy, never a buffer they reuse.
 */
public record PcmChunk(long startSample, byte[] pcm, AudioFormat format) {

    public PcmChunk {
        Objects.requireNonNull(pcm, "pcm");
        Objects.requireNonNull(format, "format");
        if (startSample < 0) {
            throw new IllegalArgumentException("negative start sample");
        }
        if (!format.isWholeFrames(pcm.length)) {
            throw new IllegalArgumentException("chunk of " + pcm.length + " bytes is not whole sample frames");
        }
    }

    public long sampleCount() {
        return format.samplesIn(pcm.length);
    }

    public SampleSpan span() {
        return new SampleSpan(startSample, startSample + sampleCount());
    }

    /** Little-endian 16-bit samples, as decoders want them. */
    public short[] toShorts() {
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return samples;
    }
}
