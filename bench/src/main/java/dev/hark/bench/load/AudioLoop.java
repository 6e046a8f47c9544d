package dev.hark.bench.load;

import dev.hark.infrastructure.client.WavAudio;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A clip cut into equal frames and played in a loop: frame {@code k} of a session is the clip's
 * frame {@code k mod count}, and covers samples {@code [k * samplesPerFrame, (k + 1) * samplesPerFrame)}
 * on the session's clock. A trailing part shorter than a frame is dropped so every frame is whole.
 */
public record AudioLoop(int sampleRate, int channels, int samplesPerFrame, byte[] pcm) {

    public AudioLoop {
        if (samplesPerFrame < 1 || pcm.length < samplesPerFrame * 2L * channels) {
            throw new IllegalArgumentException("the clip holds less than one frame");
        }
        int frameBytes = samplesPerFrame * 2 * channels;
        pcm = Arrays.copyOf(pcm, pcm.length - pcm.length % frameBytes);
    }

    /** Frames of {@code frameMillis} cut from a 16-bit WAV. */
    public static AudioLoop of(WavAudio wav, int frameMillis) {
        return new AudioLoop(wav.sampleRate(), wav.channels(), wav.sampleRate() * frameMillis / 1000, wav.pcm());
    }

    /** Silence, for tests and when no WAV is given: a second of zeros at 16 kHz mono. */
    public static AudioLoop silence(int frameMillis) {
        return new AudioLoop(16_000, 1, 16_000 * frameMillis / 1000, new byte[32_000]);
    }

    public int frameBytes() {
        return samplesPerFrame * 2 * channels;
    }

    /**
     * A fresh buffer with frame {@code index}: a copy, because a WebSocket client masks the
     * payload it sends, and frames of different sessions would otherwise share bytes.
     */
    public ByteBuffer frame(long index) {
        int count = pcm.length / frameBytes();
        int offset = (int) (index % count) * frameBytes();
        return ByteBuffer.wrap(Arrays.copyOfRange(pcm, offset, offset + frameBytes()));
    }

    /** The query string the server needs to read this audio. */
    public String query() {
        return "encoding=linear16&sample_rate=" + sampleRate + "&channels=" + channels + "&interim_results=false";
    }
}
