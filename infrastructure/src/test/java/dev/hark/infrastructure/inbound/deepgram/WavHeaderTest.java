package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavHeaderTest {

    @Test
    void readsTheFormatAndWhereTheSamplesStart_pastOtherChunks() {
        byte[] wav = wav(7, 8, 8_000, 1, true);

        WavHeader.Reading reading = WavHeader.read(wav);

        assertThat(reading).isEqualTo(new WavHeader.Reading.Wav(new AudioFormat(AudioEncoding.MULAW, 8_000, 1),
                wav.length - 4));
    }

    @Test
    void waitsForMore_whileTheHeaderIsIncomplete() {
        byte[] wav = wav(1, 16, 48_000, 2, false);
        assertThat(WavHeader.read(Arrays.copyOf(wav, 3))).isInstanceOf(WavHeader.Reading.NeedMore.class);
        assertThat(WavHeader.read(Arrays.copyOf(wav, 30))).isInstanceOf(WavHeader.Reading.NeedMore.class);
        assertThat(WavHeader.read(wav)).isInstanceOf(WavHeader.Reading.Wav.class);
    }

    @Test
    void refusesOtherContainers_rawSamples_andFormatsItCannotDecode() {
        assertThat(WavHeader.read("OggS\0\2rest of a page".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(WavHeader.Reading.Undecodable.class);
        assertThat(WavHeader.read(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(WavHeader.Reading.Undecodable.class);
        assertThat(WavHeader.read(new byte[400])).isInstanceOf(WavHeader.Reading.Undecodable.class);
        assertThat(WavHeader.read(wav(3, 32, 16_000, 1, false))).isInstanceOf(WavHeader.Reading.Undecodable.class);
    }

    /** A WAV header (optionally with a LIST chunk before data) followed by 4 sample bytes. */
    static byte[] wav(int code, int bits, int rate, int channels, boolean listChunk) {
        ByteBuffer buffer = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(0).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) code)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (listChunk) {
            buffer.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0});
        }
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4).put(new byte[4]);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
