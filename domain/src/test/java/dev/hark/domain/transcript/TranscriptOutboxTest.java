package dev.hark.domain.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.SampleSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptOutboxTest {

    @Test
    void replaysOnlyFinalsAfterLastSeqAndReleasesAcknowledgedOnes() {
        TranscriptOutbox outbox = new TranscriptOutbox(10);
        for (long seq = 1; seq <= 4; seq++) {
            outbox.record(finalNumber(seq));
        }
        assertThat(outbox.acknowledgeAndReplay(2).finals()).extracting(Transcript::seq).containsExactly(3L, 4L);
        assertThat(outbox.size()).isEqualTo(2);
        assertThat(outbox.acknowledgeAndReplay(4).finals()).isEmpty();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void dropsOldestAtTheBoundAndSaysHowManyAResumerMissed() {
        TranscriptOutbox outbox = new TranscriptOutbox(2);
        for (long seq = 1; seq <= 5; seq++) {
            outbox.record(finalNumber(seq));
        }
        TranscriptOutbox.Replay replay = outbox.acknowledgeAndReplay(1);
        assertThat(replay.finals()).extracting(Transcript::seq).containsExactly(4L, 5L);
        assertThat(replay.expired()).isEqualTo(2);
        assertThat(outbox.droppedTotal()).isEqualTo(3);
    }

    private static Transcript finalNumber(long seq) {
        return new Transcript(seq, Hypothesis.finalResult("final " + seq, new SampleSpan(0, 1), List.of()));
    }
}
