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

    @Test
    void replaysFinalsEqualToTheOnesRecorded_wordsFlagsAndSpansIncluded() {
        TranscriptOutbox outbox = new TranscriptOutbox(10);
        Transcript plain = finalNumber(1);
        Transcript ending = new Transcript(2, Hypothesis.speechFinal("hello there", new SampleSpan(16_000, 32_000),
                List.of(new Word("hello", new SampleSpan(16_000, 24_000), 0.91),
                        new Word("there", new SampleSpan(24_000, 32_000), 0.875))));
        Transcript forced = new Transcript(3, new Hypothesis(true, "forced", new SampleSpan(32_000, 33_600), List.of(),
                false, true));
        List.of(plain, ending, forced).forEach(outbox::record);

        assertThat(outbox.acknowledgeAndReplay(0).finals()).containsExactly(plain, ending, forced);
    }

    private static Transcript finalNumber(long seq) {
        return new Transcript(seq, Hypothesis.finalResult("final " + seq, new SampleSpan(0, 1), List.of()));
    }
}
