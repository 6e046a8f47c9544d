package dev.hark.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTrackTest {

    private final FrameTrack track = new FrameTrack(10, 320);
    private final List<Long> latencies = new ArrayList<>();

    @Test
    void aFinalAcknowledgesExactlyTheFramesInsideIt_withTheirOwnLatency() {
        track.sent(0, 1_000);
        track.sent(1, 2_000);
        track.sent(2, 3_000);

        track.acknowledge(0, 640, 5_000, latencies::add);

        assertThat(latencies).containsExactly(4_000L, 3_000L);
        assertThat(track.acknowledged()).isEqualTo(2);
        assertThat(track.lost()).isEqualTo(1);
    }

    @Test
    void countsAFrameAcknowledgedTwiceAsADuplicate_andRecordsItsLatencyOnce() {
        track.sent(0, 1_000);
        track.acknowledge(0, 320, 2_000, latencies::add);
        track.acknowledge(0, 320, 3_000, latencies::add);

        assertThat(track.duplicates()).isEqualTo(1);
        assertThat(latencies).containsExactly(1_000L);
        assertThat(track.lost()).isZero();
    }

    @Test
    void countsFramesNeverAcknowledgedAsLost() {
        for (int i = 0; i < 5; i++) {
            track.sent(i, 1_000 + i);
        }
        track.acknowledge(0, 320, 9_000, latencies::add);
        track.acknowledge(960, 1_600, 9_000, latencies::add); // frames 3 and 4; 1 and 2 skipped

        assertThat(track.lost()).isEqualTo(2);
        assertThat(track.acknowledged()).isEqualTo(3);
    }

    @Test
    void countsAFinalOffFrameEdgesAsMisaligned_andOnlyWholeFramesInsideItAsAcknowledged() {
        track.sent(0, 1_000);
        track.sent(1, 1_000);

        track.acknowledge(100, 640, 2_000, latencies::add);

        assertThat(track.misaligned()).isEqualTo(1);
        assertThat(track.acknowledged()).isEqualTo(1); // frame 1 only; frame 0 is partly outside
    }

    @Test
    void countsFramesNamedButNeverSentAsUnknown() {
        track.sent(0, 1_000);

        track.acknowledge(0, 960, 2_000, latencies::add);

        assertThat(track.unknown()).isEqualTo(2);
        assertThat(track.acknowledged()).isEqualTo(1);
    }

    @Test
    void countsOnlyFramesActuallySentAsLost_andAFinalNamingAnUnsentOneAsUnknown() {
        track.sent(0, 1_000);
        track.sent(2, 3_000); // frame 1 was never sent

        track.acknowledge(0, 960, 4_000, latencies::add);

        assertThat(track.sent()).isEqualTo(2);
        assertThat(track.acknowledged()).isEqualTo(2);
        assertThat(track.lost()).isZero();
        assertThat(track.unknown()).isEqualTo(1);
    }

    @Test
    void aFinalsOwnLatency_runsFromItsLastFrame_soAChunksGroupingWaitIsLeftOut() {
        List<Long> finals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            track.sent(i, 1_000L * (i + 1)); // 20 ms frames grouped into one 100 ms chunk by the server
        }

        track.acknowledge(0, 1_600, 5_500, latencies::add, finals::add);

        assertThat(latencies).containsExactly(4_500L, 3_500L, 2_500L, 1_500L, 500L);
        assertThat(finals).containsExactly(500L);
    }

    @Test
    void aDuplicateFinal_hasNoLatencyOfItsOwn() {
        List<Long> finals = new ArrayList<>();
        track.sent(0, 1_000);
        track.acknowledge(0, 320, 2_000, latencies::add, finals::add);
        track.acknowledge(0, 320, 3_000, latencies::add, finals::add);

        assertThat(finals).containsExactly(1_000L);
    }
}
