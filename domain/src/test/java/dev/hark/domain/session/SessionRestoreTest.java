package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H33: a session rebuilt on another gateway from its journal resumes like one that never left. */
class SessionRestoreTest {

    private static final String PRESENTED = "presented-token-0123456789";
    private static final ResumeRules RULES = new ResumeRules(AttachPolicy.REJECT, Duration.ofSeconds(5), Duration.ofSeconds(1));
    private static final StreamOptions OPTIONS = new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 4096);

    private final Session session = Session.restore(new SessionId("adopted-session"), new ResumeToken(PRESENTED), OPTIONS, 3,
            new Generation(4), 7, 11_200, List.of(finalOf(5, 8_000, 9_600), finalOf(6, 9_600, 10_000),
                    finalOf(7, 10_000, 11_200)));

    @Test
    @DisplayName("H33: restored detached as the journaled generation; the resume attaches the next one at once, replays after last_seq, numbers on")
    void restoredSessionResumesWithoutCooldownAndNumbersOn_H33() {
        assertThat(session.isDetachedAs(new Generation(4))).isTrue();
        assertThat(session.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(session.samplesReceived()).isEqualTo(11_200);

        ResumeDecision decision = session.resume(PRESENTED, 5, new ResumeToken("rotated-token-0123456789"), 0, RULES);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Resumed.class, resumed -> {
            assertThat(resumed.generation()).isEqualTo(new Generation(5));
            assertThat(resumed.replay()).extracting(Transcript::seq).containsExactly(6L, 7L);
            assertThat(resumed.expiredSeqs()).isZero();
        });
        assertThat(session.number(finalOf(0, 11_200, 12_800).hypothesis()).seq()).isEqualTo(8);
        assertThat(session.acceptAudio(new byte[3_200])).isInstanceOfSatisfying(FrameVerdict.Accepted.class,
                accepted -> assertThat(accepted.chunk().startSample()).isEqualTo(11_200));
    }

    @Test
    @DisplayName("H33: a resume from before the finals the journal still keeps learns how many are gone")
    void resumeFromBeforeTheKeptFinalsCountsThemExpired_H33() {
        ResumeDecision decision = session.resume(PRESENTED, 2, new ResumeToken("rotated-token-0123456789"), 0, RULES);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Resumed.class, resumed -> {
            assertThat(resumed.replay()).extracting(Transcript::seq).containsExactly(5L, 6L, 7L);
            assertThat(resumed.expiredSeqs()).isEqualTo(2);
        });
    }

    @Test
    void anotherTokenIsDenied_H33() {
        ResumeDecision decision = session.resume("other-token-0123456789", 7, new ResumeToken("rotated-token-0123456789"),
                0, RULES);
        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RESUME_DENIED));
    }

    private static Transcript finalOf(long seq, long start, long end) {
        return new Transcript(Math.max(1, seq), new Hypothesis(true, "w" + start, new SampleSpan(start, end), List.of()));
    }
}
