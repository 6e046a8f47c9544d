package dev.hark.domain.audio;

import java.util.List;
import java.util.Objects;

/**
 * What the client promised to send. Immutable for the life of a session, so frame checks
 * against it need no lock.
 */
public record AudioFormat(AudioEncoding encoding, int sampleRate, int channels) {

    public static final int DEFAULT_SAMPLE_RATE = 16_000;

    /**
     * Sample rates (Hz) that clients commonly send and that every recognizer path supports:
     * telephony, wideband speech and the usual media rates. Others may be refused by a recognizer.
     */
    public static final List<Integer> COMMON_SAMPLE_RATES =
            List.of(8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000);

    public AudioFormat {
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate < 8_000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channels out of range: " + channels);
        }
    }

    public static AudioFormat linear16Mono(int sampleRate) {
        return new AudioFormat(AudioEncoding.LINEAR16, sampleRate, 1);
    }

    public boolean isMono() {
        return channels == 1;
    }

    /** Bytes of one sample frame (one sample for every channel). */
    public int bytesPerFrame() {
        return encoding.bytesPerSample() * channels;
    }

    /** True when {@code byteCount} holds a whole number of sample frames. */
    public boolean isWholeFrames(int byteCount) {
        return byteCount % bytesPerFrame() == 0;
    }

    public long samplesIn(int byteCount) {
        return byteCount / bytesPerFrame();
    }

    public double secondsOf(long samples) {
        return samples / (double) sampleRate;
    }

    public long samplesFor(long millis) {
        return millis * sampleRate / 1000;
    }
}
