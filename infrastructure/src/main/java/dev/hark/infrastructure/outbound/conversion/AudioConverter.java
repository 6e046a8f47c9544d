package dev.hark.infrastructure.outbound.conversion;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.Optional;

/**
 * One stream's conversion from the client's format to mono linear16 at the recognizer's rate:
 * G.711 expansion, a downmix (the mean of the channels) and, when the rates differ, a
 * {@link PolyphaseResampler}. Input blocks must be whole sample frames (the session checks
 * every client frame); output comes in whatever amount the resampler can produce so far, and
 * {@link #drain()} gives the rest at the end of the stream.
 *
 * <p>Mutable; one per stream, used by one thread at a time.
 */
final class AudioConverter {

    private final AudioFormat from;
    private final PolyphaseResampler resampler;

    private AudioConverter(AudioFormat from, PolyphaseResampler resampler) {
        this.from = from;
        this.resampler = resampler;
    }

    /** Why {@code from} cannot be converted to {@code to}, or empty when it can. */
    static Optional<ClientError> refusalFor(AudioFormat from, AudioFormat to) {
        if (to.encoding() != AudioEncoding.LINEAR16 || !to.isMono()) {
            throw new IllegalArgumentException("conversion produces mono linear16 only, not " + to);
        }
        if (from.sampleRate() != to.sampleRate() && ResamplingFilter.forRates(from.sampleRate(), to.sampleRate()).isEmpty()) {
            return Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, "sample_rate " + from.sampleRate()
                    + " cannot be converted to the recognizer's " + to.sampleRate() + " Hz; use one of "
                    + AudioFormat.COMMON_SAMPLE_RATES));
        }
        return Optional.empty();
    }

    /** A converter for {@code from -> to}; {@link #refusalFor} must have found no reason to refuse. */
    static AudioConverter between(AudioFormat from, AudioFormat to) {
        if (refusalFor(from, to).isPresent()) {
            throw new IllegalArgumentException("cannot convert " + from + " to " + to);
        }
        PolyphaseResampler resampler = from.sampleRate() == to.sampleRate() ? null
                : new PolyphaseResampler(ResamplingFilter.forRates(from.sampleRate(), to.sampleRate()).orElseThrow());
        return new AudioConverter(from, resampler);
    }

    /** Converts whole sample frames; the result may be shorter or longer than the rate ratio says. */
    byte[] convert(byte[] block) {
        double[] mono = decodeMono(block);
        return toLinear16(resampler == null ? mono : resampler.process(mono));
    }

    /** What the resampler still holds, as if silence followed; empty without a rate change. */
    byte[] drain() {
        return resampler == null ? new byte[0] : toLinear16(resampler.drain());
    }

    private double[] decodeMono(byte[] block) {
        int channels = from.channels();
        int bytesPerSample = from.encoding().bytesPerSample();
        int frames = block.length / (bytesPerSample * channels);
        double[] mono = new double[frames];
        for (int frame = 0, offset = 0; frame < frames; frame++) {
            int sum = 0;
            for (int channel = 0; channel < channels; channel++, offset += bytesPerSample) {
                sum += sample(block, offset);
            }
            mono[frame] = (double) sum / channels;
        }
        return mono;
    }

    private int sample(byte[] block, int offset) {
        return switch (from.encoding()) {
            case LINEAR16 -> (short) ((block[offset] & 0xff) | (block[offset + 1] << 8));
            case MULAW -> G711.mulaw(block[offset]);
            case ALAW -> G711.alaw(block[offset]);
        };
    }

    private static byte[] toLinear16(double[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            long rounded = Math.round(samples[i]);
            int clipped = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
            pcm[2 * i] = (byte) clipped;
            pcm[2 * i + 1] = (byte) (clipped >> 8);
        }
        return pcm;
    }
}
