package dev.hark.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AudioLoopTest {

    @Test
    void cutsWholeFramesAndLoops_droppingAShortTail() {
        byte[] pcm = new byte[2 * 640 + 100];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i / 640);
        }
        AudioLoop loop = new AudioLoop(16_000, 1, 320, pcm);

        assertThat(loop.pcm()).hasSize(1280);
        assertThat(loop.frame(0).get(0)).isEqualTo((byte) 0);
        assertThat(loop.frame(1).get(0)).isEqualTo((byte) 1);
        assertThat(loop.frame(2).get(0)).isEqualTo((byte) 0);
    }

    @Test
    void handsOutAFreshCopyPerSend_becauseTheClientMasksPayloadsInPlace() {
        AudioLoop loop = AudioLoop.silence(20);
        ByteBuffer first = loop.frame(0);
        first.put(0, (byte) 7);

        assertThat(loop.frame(0).get(0)).isZero();
        assertThat(first.remaining()).isEqualTo(640);
    }

    @Test
    void refusesAClipShorterThanAFrame() {
        assertThatThrownBy(() -> new AudioLoop(16_000, 1, 320, new byte[100]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItsFormatToTheServer() {
        assertThat(new AudioLoop(8_000, 2, 160, new byte[640]).query())
                .isEqualTo("encoding=linear16&sample_rate=8000&channels=2&interim_results=false");
    }
}
