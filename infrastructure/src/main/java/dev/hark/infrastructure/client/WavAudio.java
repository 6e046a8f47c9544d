package dev.hark.infrastructure.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The PCM of a 16-bit WAV file and the format needed to describe it to the server.
 *
 * <p>The header is read chunk by chunk rather than assumed to be 44 bytes, because sox, ffmpeg and
 * audio editors add LIST/fact chunks or WAVE_FORMAT_EXTENSIBLE headers, and streaming a header as
 * audio would give the recogniser a click at the start.
 */
public record WavAudio(int sampleRate, int channels, byte[] pcm) {

    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final int BITS = 16;

    public WavAudio {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad format: " + sampleRate + " Hz, " + channels + " ch");
        }
        if (pcm.length % (channels * 2) != 0) {
            throw new IllegalArgumentException("PCM is not a whole number of sample frames");
        }
        pcm = pcm.clone();
    }

    public static WavAudio read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Parses RIFF/WAVE bytes; fails with a one-line reason for anything but 16-bit integer PCM. */
    public static WavAudio parse(byte[] bytes) throws WavFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(in, 0).equals("RIFF") || !tag(in, 8).equals("WAVE")) {
            throw new WavFormatException("not a WAV file (no RIFF/WAVE header)");
        }
        int sampleRate = 0;
        int channels = 0;
        int position = 12;
        while (position + 8 <= bytes.length) {
            String id = tag(in, position);
            long size = Integer.toUnsignedLong(in.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ")) {
                requirePcm16(in, body, size);
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                sampleRate = in.getInt(body + 4);
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw new WavFormatException("not a WAV file: data chunk before fmt chunk");
                }
                int end = (int) Math.min(bytes.length, body + size);
                int usable = end - body - (end - body) % (channels * 2);
                return new WavAudio(sampleRate, channels, Arrays.copyOfRange(bytes, body, body + usable));
            }
            position = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new WavFormatException("not a WAV file: no data chunk");
    }

    private static void requirePcm16(ByteBuffer in, int body, long size) throws WavFormatException {
        if (size < 16) {
            throw new WavFormatException("not a WAV file: fmt chunk too short");
        }
        int format = Short.toUnsignedInt(in.getShort(body));
        int bits = Short.toUnsignedInt(in.getShort(body + 14));
        boolean pcm = format == PCM || (format == EXTENSIBLE && size >= 26 && in.getShort(body + 24) == PCM);
        if (!pcm || bits != BITS) {
            throw new WavFormatException("not a 16-bit PCM WAV file (format tag " + format + ", " + bits + " bits)");
        }
    }

    private static String tag(ByteBuffer in, int at) {
        byte[] four = new byte[4];
        in.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }

    /** A copy, so nobody can change the audio after it was validated. */
    @Override
    public byte[] pcm() {
        return pcm.clone();
    }

    /** Bytes in one frame of {@code millis} of audio at this format. */
    public int bytesPer(int millis) {
        return sampleRate * channels * 2 * millis / 1000;
    }

    public double seconds() {
        return pcm.length / (double) (sampleRate * channels * 2);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WavAudio that && sampleRate == that.sampleRate
                && channels == that.channels && Arrays.equals(pcm, that.pcm);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sampleRate + channels) + Arrays.hashCode(pcm);
    }

    @Override
    public String toString() {
        return "WavAudio[" + sampleRate + " Hz, " + channels + " ch, " + pcm.length + " bytes]";
    }
}
