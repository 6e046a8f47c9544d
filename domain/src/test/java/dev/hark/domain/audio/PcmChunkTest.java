package dev.hark.domain.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PcmChunkTest {

    @Test
    void decodesLittleEndianSigned16BitSamples() {
        byte[] pcm = {0x01, 0x00, (byte) 0xff, (byte) 0xff, 0x00, (byte) 0x80, (byte) 0xff, 0x7f};
        PcmChunk chunk = new PcmChunk(10, pcm, AudioFormat.linear16Mono(16_000));
        assertThat(chunk.toShorts()).containsExactly((short) 1, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE);
        assertThat(chunk.span()).isEqualTo(new SampleSpan(10, 14));
    }

    @Test
    void rejectsPartialSampleFrames() {
        assertThatThrownBy(() -> new PcmChunk(0, new byte[3], AudioFormat.linear16Mono(16_000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsSamplesToSeconds() {
        AudioFormat format = AudioFormat.linear16Mono(16_000);
        assertThat(format.secondsOf(24_000)).isEqualTo(1.5);
        assertThat(format.samplesFor(250)).isEqualTo(4_000);
    }
}
