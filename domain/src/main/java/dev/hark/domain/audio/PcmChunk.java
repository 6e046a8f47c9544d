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

    /** The part of this chunk from {@code sample} on (same clock); the whole chunk when it starts later. */
    public PcmChunk from(long sample) {
        if (sample <= startSample) {
            return this;
        }
        if (sample >= span().end()) {
            throw new IllegalArgumentException("sample " + sample + " is past the end of " + span());
        }
        int skip = Math.toIntExact((sample - startSample) * format.bytesPerFrame());
        return new PcmChunk(sample, java.util.Arrays.copyOfRange(pcm, skip, pcm.length), format);
    }

    /** The part of this chunk before {@code sample}; the whole chunk when it ends earlier. */
    public PcmChunk until(long sample) {
        if (sample >= span().end()) {
            return this;
        }
        if (sample <= startSample) {
            throw new IllegalArgumentException("sample " + sample + " is at or before the start of " + span());
        }
        int keep = Math.toIntExact((sample - startSample) * format.bytesPerFrame());
        return new PcmChunk(startSample, java.util.Arrays.copyOf(pcm, keep), format);
    }

    /** The same audio stamped on a clock that starts {@code offset} samples later. */
    public PcmChunk rebasedBy(long offset) {
        return offset == 0 ? this : new PcmChunk(startSample - offset, pcm, format);
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
