package dev.hark.domain.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioLedgerTest {

    private static final AudioFormat PCM = AudioFormat.linear16Mono(16_000);

    @Test
    void replaysEverythingAfterTheAcknowledgedWatermark_cuttingTheFirstChunk_H23() {
        AudioLedger ledger = new AudioLedger(16_000);
        ledger.retain(chunk(0, 100));
        ledger.retain(chunk(100, 100));
        ledger.retain(chunk(200, 100));

        ledger.acknowledgeThrough(150);

        List<PcmChunk> replay = ledger.retainedFrom(ledger.acknowledged());
        assertThat(replay).extracting(PcmChunk::span).containsExactly(new SampleSpan(150, 200), new SampleSpan(200, 300));
        assertThat(ledger.retainedSamples()).isEqualTo(200);
        assertThat(ledger.received()).isEqualTo(300);
    }

    @Test
    void releasesTheOldestAudioAtTheBoundAndCountsWhatWasNotAcknowledged_H24() {
        AudioLedger ledger = new AudioLedger(250);
        ledger.retain(chunk(0, 100));
        ledger.acknowledgeThrough(50);
        ledger.retain(chunk(100, 100));

        long released = ledger.retain(chunk(200, 100));

        assertThat(released).isEqualTo(50);
        assertThat(ledger.releasedUnacknowledged()).isEqualTo(50);
        assertThat(ledger.acknowledged()).isEqualTo(100);
        assertThat(ledger.retainedSamples()).isEqualTo(200);
    }

    @Test
    void neverAcknowledgesBeyondWhatWasReceived() {
        AudioLedger ledger = new AudioLedger(1000);
        ledger.retain(chunk(0, 100));
        ledger.acknowledgeThrough(500);
        assertThat(ledger.acknowledged()).isEqualTo(100);
        assertThat(ledger.retainedFrom(100)).isEmpty();
    }

    private static PcmChunk chunk(long start, int samples) {
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (start + i / 2);
        }
        return new PcmChunk(start, pcm, PCM);
    }
}
