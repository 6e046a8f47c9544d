package dev.hark.bench.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16 kHz mono 16-bit PCM as a WAV file, for the engine's command-line tool. */
final class Wav {

    private Wav() {
    }

    static Path write(Path file, byte[] pcm) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SpeechCorpus.SAMPLE_RATE).putInt(SpeechCorpus.BYTES_PER_SECOND).putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
        byte[] bytes = new byte[44 + pcm.length];
        System.arraycopy(header.array(), 0, bytes, 0, 44);
        System.arraycopy(pcm, 0, bytes, 44, pcm.length);
        return Files.write(file, bytes);
    }
}
