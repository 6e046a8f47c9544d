package dev.hark.emulator.deepgram;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns binary frames into contiguous {@link PcmChunk}s on the connection's audio clock
 * (sample 0 = first sample received) and fingerprints the bytes for Metadata's
 * {@code sha256}. Deepgram accepts any chunking, so a frame that splits a sample keeps the odd
 * byte for the next frame. Lane-confined.
 */
final class AudioIntake {

    private final AudioFormat format;
    private final MessageDigest sha256;
    private byte[] carry = new byte[0];
    private long samples;

    AudioIntake(AudioFormat format) {
        this.format = format;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The whole samples in {@code frame} (plus any carried bytes), or empty when less than one sample. */
    Optional<PcmChunk> accept(byte[] frame) {
        sha256.update(frame);
        byte[] joined = carry.length == 0 ? frame : concat(carry, frame);
        int whole = joined.length - joined.length % format.bytesPerFrame();
        carry = Arrays.copyOfRange(joined, whole, joined.length);
        if (whole == 0) {
            return Optional.empty();
        }
        byte[] pcm = whole == joined.length ? joined : Arrays.copyOf(joined, whole);
        PcmChunk chunk = new PcmChunk(samples, pcm, format);
        samples += chunk.sampleCount();
        return Optional.of(chunk);
    }

    /** Samples handed out so far: the length of the connection's audio clock. */
    long samples() {
        return samples;
    }

    /** Hex SHA-256 of every byte received (of nothing, when no audio came). */
    String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
