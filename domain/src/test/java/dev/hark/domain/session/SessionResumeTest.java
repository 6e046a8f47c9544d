package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionResumeTest {

    private static final String TOKEN = "first-token-0123456789";
    private static final long T0 = 5_000_000_000L; // an arbitrary ticker reading
    private static final long MILLI = 1_000_000L;
    private static final ResumeRules REJECT = new ResumeRules(AttachPolicy.REJECT, Duration.ofMillis(250), Duration.ofSeconds(1));
    private static final ResumeRules TAKEOVER = new ResumeRules(AttachPolicy.TAKEOVER, Duration.ofMillis(250), Duration.ofSeconds(1));

    private final Session session = Session.start(new SessionId("session-r"), new ResumeToken(TOKEN),
            new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 4096), 3, T0);

    @Test
    void detachedSessionResumesAsNextGenerationWithRotatedTokenAndMissingFinals_H15() {
        finals("one", "two", "three");
        assertThat(session.detach(Generation.FIRST)).isTrue();

        ResumeDecision decision = session.resume(TOKEN, 1, token("second"), T0 + 1_000 * MILLI, REJECT);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Resumed.class, resumed -> {
            assertThat(resumed.generation()).isEqualTo(new Generation(2));
            assertThat(resumed.tookOver()).isFalse();
            assertThat(resumed.replay()).extracting(t -> t.hypothesis().text()).containsExactly("two", "three");
            assertThat(resumed.expiredSeqs()).isZero();
        });
        assertThat(session.isCurrent(new Generation(2))).isTrue();
        assertThat(session.isCurrent(Generation.FIRST)).isFalse();
        assertThat(session.resumeToken().matches(TOKEN)).isFalse();
        assertThat(session.resumeToken().matches("second-token-0123456789")).isTrue();
    }

    @Test
    void wrongTokenIsDeniedAndChangesNothing_H16() {
        session.detach(Generation.FIRST);
        ResumeDecision decision = session.resume("guess-token-0123456789", 0, token("second"), T0 + 1_000 * MILLI, REJECT);

        assertThat(code(decision)).isEqualTo(ErrorCode.RESUME_DENIED);
        assertThat(session.isDetachedAs(Generation.FIRST)).isTrue();
        assertThat(session.resumeToken().matches(TOKEN)).isTrue();
        assertThat(code(session.resume(null, 0, token("third"), T0 + 1_000 * MILLI, REJECT))).isEqualTo(ErrorCode.RESUME_DENIED);
    }

    @Test
    void attachedSessionRejectsNewcomerUnderReject_H11() {
        ResumeDecision decision = session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.SESSION_BUSY);
            assertThat(refused.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(session.isCurrent(Generation.FIRST)).isTrue();
    }

    @Test
    void attachedSessionIsTakenOverUnderTakeover_H11() {
        ResumeDecision decision = session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, TAKEOVER);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Resumed.class, resumed -> {
            assertThat(resumed.tookOver()).isTrue();
            assertThat(resumed.replaced()).isEqualTo(Generation.FIRST);
            assertThat(resumed.generation()).isEqualTo(new Generation(2));
        });
        assertThat(session.detach(Generation.FIRST)).as("late close of the replaced socket").isFalse();
        assertThat(session.isCurrent(new Generation(2))).isTrue();
    }

    @Test
    void reconnectWithinCooldownIsRefusedWithRetryHint_H17() {
        session.detach(Generation.FIRST);
        ResumeDecision decision = session.resume(TOKEN, 0, token("second"), T0 + 100 * MILLI, REJECT);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.RECONNECT_TOO_SOON);
            assertThat(refused.error().retryAfter()).isEqualTo(Duration.ofMillis(150));
        });
        assertThat(session.isDetachedAs(Generation.FIRST)).isTrue();
    }

    @Test
    void refusesLastSeqAheadOfWhatWasSent() {
        finals("one");
        session.detach(Generation.FIRST);
        assertThat(code(session.resume(TOKEN, 5, token("second"), T0 + 1_000 * MILLI, REJECT)))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void reportsFinalsThatFellOutOfTheBoundedOutbox() {
        finals("one", "two", "three", "four", "five");
        session.detach(Generation.FIRST);
        ResumeDecision decision = session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT);

        assertThat(decision).isInstanceOfSatisfying(ResumeDecision.Resumed.class, resumed -> {
            assertThat(resumed.replay()).extracting(Transcript::seq).containsExactly(3L, 4L, 5L);
            assertThat(resumed.expiredSeqs()).isEqualTo(2);
        });
    }

    @Test
    void endedSessionCannotBeResumed() {
        session.close();
        assertThat(code(session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT)))
                .isEqualTo(ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void detachIgnoresStaleGenerations_H12() {
        session.detach(Generation.FIRST);
        session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT);
        assertThat(session.detach(Generation.FIRST)).isFalse();
        assertThat(session.isDetachedAs(Generation.FIRST)).as("old grace timer").isFalse();
        assertThat(session.isAttached()).isTrue();
    }

    @Test
    void previousTokenStillResumes_untilTheNewAttachmentSendsAMessage_H25() {
        session.detach(Generation.FIRST);
        assertThat(session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT))
                .isInstanceOf(ResumeDecision.Resumed.class);
        session.detach(new Generation(2)); // the answer with the second token was lost with the socket

        ResumeDecision again = session.resume(TOKEN, 0, token("third"), T0 + 2_000 * MILLI, REJECT);

        assertThat(again).isInstanceOfSatisfying(ResumeDecision.Resumed.class,
                resumed -> assertThat(resumed.generation()).isEqualTo(new Generation(3)));
        assertThat(session.resumeToken().matches("third-token-0123456789")).isTrue();
        assertThat(session.admitClientMessage(new Generation(3))).isTrue();
        session.detach(new Generation(3));
        assertThat(code(session.resume(TOKEN, 0, token("fourth"), T0 + 3_000 * MILLI, REJECT)))
                .as("superseded once the rotation committed").isEqualTo(ErrorCode.RESUME_DENIED);
        assertThat(code(session.resume("second-token-0123456789", 0, token("fourth"), T0 + 3_000 * MILLI, REJECT)))
                .as("never committed, and no longer pending").isEqualTo(ErrorCode.RESUME_DENIED);
        assertThat(session.resume("third-token-0123456789", 0, token("fourth"), T0 + 3_000 * MILLI, REJECT))
                .isInstanceOf(ResumeDecision.Resumed.class);
    }

    @Test
    void presentingThePendingTokenRetiresTheOlderOne_H25() {
        session.detach(Generation.FIRST);
        session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT);
        session.detach(new Generation(2));
        assertThat(session.resume("second-token-0123456789", 0, token("third"), T0 + 2_000 * MILLI, REJECT))
                .isInstanceOf(ResumeDecision.Resumed.class);
        session.detach(new Generation(3));

        assertThat(code(session.resume(TOKEN, 0, token("fourth"), T0 + 3_000 * MILLI, REJECT)))
                .isEqualTo(ErrorCode.RESUME_DENIED);
        assertThat(session.resume("second-token-0123456789", 0, token("fourth"), T0 + 3_000 * MILLI, REJECT))
                .as("the client may still have lost the third").isInstanceOf(ResumeDecision.Resumed.class);
    }

    @Test
    void aMessageStampedWithAnotherGenerationCommitsNothing_H25() {
        session.detach(Generation.FIRST);
        session.resume(TOKEN, 0, token("second"), T0 + 1_000 * MILLI, REJECT);

        assertThat(session.admitClientMessage(Generation.FIRST)).isFalse();
        session.detach(new Generation(2));

        assertThat(session.resume(TOKEN, 0, token("third"), T0 + 2_000 * MILLI, REJECT))
                .isInstanceOf(ResumeDecision.Resumed.class);
    }

    private void finals(String... texts) {
        for (String text : texts) {
            session.number(Hypothesis.finalResult(text, new SampleSpan(0, 1), List.of()));
        }
    }

    private static ResumeToken token(String prefix) {
        return new ResumeToken(prefix + "-token-0123456789");
    }

    private static ErrorCode code(ResumeDecision decision) {
        assertThat(decision).isInstanceOf(ResumeDecision.Refused.class);
        return ((ResumeDecision.Refused) decision).error().code();
    }
}
