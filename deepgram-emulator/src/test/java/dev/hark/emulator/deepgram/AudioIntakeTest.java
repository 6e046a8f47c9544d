package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AudioIntakeTest {

    private final AudioIntake intake = new AudioIntake(AudioFormat.linear16Mono(16_000));

    @Test
    void stampsChunksContiguously_carryingAHalfSampleToTheNextFrame() {
        PcmChunk first = intake.accept(new byte[] {1, 2, 3}).orElseThrow();
        PcmChunk second = intake.accept(new byte[] {4, 5, 6}).orElseThrow();
        assertThat(intake.accept(new byte[] {7})).as("less than one sample").isEmpty();

        assertThat(first.startSample()).isZero();
        assertThat(first.pcm()).containsExactly(1, 2);
        assertThat(second.startSample()).isOne();
        assertThat(second.pcm()).containsExactly(3, 4, 5, 6);
        assertThat(intake.samples()).isEqualTo(3);
    }

    @Test
    void fingerprintsEveryByteReceived() throws Exception {
        intake.accept(new byte[] {1, 2, 3});
        intake.accept(new byte[] {4, 5});

        assertThat(intake.sha256()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3, 4, 5})));
        assertThat(intake.sha256()).as("reading it does not consume it").isEqualTo(intake.sha256());
    }

    @Test
    void fingerprintsNothingAsTheEmptyInputHash() {
        assertThat(intake.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
