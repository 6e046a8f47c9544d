package dev.hark.bootstrap.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes canonical WAV files of silence for tests that need a valid file but no speech. */
final class SilentWav {

    private SilentWav() {
    }

    static Path write(Path file, int sampleRate, int channels, double seconds) throws IOException {
        int dataBytes = (int) (sampleRate * seconds) * channels * 2;
        byte[] header = header(sampleRate, channels, 16, dataBytes);
        byte[] bytes = new byte[header.length + dataBytes];
        System.arraycopy(header, 0, bytes, 0, header.length);
        return Files.write(file, bytes);
    }

    static byte[] header(int sampleRate, int channels, int bits, int dataBytes) {
        int blockAlign = channels * bits / 8;
        return ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes)
                .array();
    }
}
