package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WavAudioTest {

    private static final byte[] PCM = {1, 2, 3, 4, 5, 6};

    @Test
    void readsPcmAndFormat_whenHeaderIsCanonical() throws Exception {
        WavAudio audio = WavAudio.parse(wav(fmt(1, 1, 16_000, 16), chunk("data", PCM)));

        assertThat(audio.sampleRate()).isEqualTo(16_000);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.pcm()).containsExactly(PCM);
    }

    @Test
    void skipsExtraChunks_whenListChunkPrecedesData() throws Exception {
        byte[] oddList = chunk("LIST", new byte[] {9, 9, 9});
        WavAudio audio = WavAudio.parse(wav(fmt(1, 2, 8_000, 16), oddList, chunk("data", PCM)));

        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.pcm()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void acceptsExtensibleHeader_whenSubformatIsPcm() throws Exception {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4).putShort((short) 1);

        WavAudio audio = WavAudio.parse(wav(chunk("fmt ", fmt.array()), chunk("data", PCM)));

        assertThat(audio.sampleRate()).isEqualTo(16_000);
    }

    @Test
    void rejects_whenSamplesAreEightBit() {
        assertThatThrownBy(() -> WavAudio.parse(wav(fmt(1, 1, 16_000, 8), chunk("data", PCM))))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("not a 16-bit PCM WAV file");
    }

    @Test
    void rejects_whenSamplesAreFloat() {
        assertThatThrownBy(() -> WavAudio.parse(wav(fmt(3, 1, 16_000, 32), chunk("data", PCM))))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("not a 16-bit PCM WAV file");
    }

    @Test
    void rejects_whenBytesAreNotRiff() {
        assertThatThrownBy(() -> WavAudio.parse("ID3 this is an mp3".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("not a WAV file");
    }

    @Test
    void framesTwentyMillisecondsAs640Bytes_atSixteenKilohertzMono() {
        assertThat(new WavAudio(16_000, 1, new byte[0]).bytesPer(20)).isEqualTo(640);
    }

    private static byte[] fmt(int format, int channels, int rate, int bits) {
        ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        body.putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        return chunk("fmt ", body.array());
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return out.array();
    }

    private static byte[] wav(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] chunk : chunks) {
            body.writeBytes(chunk);
        }
        return chunk("RIFF", body.toByteArray());
    }
}
