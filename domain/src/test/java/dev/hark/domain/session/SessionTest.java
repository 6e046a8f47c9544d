package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {

    private final Session session = Session.start(new SessionId("session-1"),
            new ResumeToken("0123456789abcdef0123"),
            new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 3200), 100, 0L);

    @Test
    void stampsAcceptedFramesWithConsecutiveSampleOffsets() {
        FrameVerdict first = session.acceptAudio(new byte[640]);
        FrameVerdict second = session.acceptAudio(new byte[320]);

        assertThat(first).isInstanceOfSatisfying(FrameVerdict.Accepted.class,
                a -> assertThat(a.chunk().span()).isEqualTo(new SampleSpan(0, 320)));
        assertThat(second).isInstanceOfSatisfying(FrameVerdict.Accepted.class,
                a -> assertThat(a.chunk().span()).isEqualTo(new SampleSpan(320, 480)));
        assertThat(session.samplesReceived()).isEqualTo(480);
    }

    @Test
    void refusesOddAndEmptyAndOversizedFrames_withoutMovingTheClock() {
        assertThat(refusalCode(session.acceptAudio(new byte[3]))).isEqualTo(ErrorCode.INVALID_AUDIO_FRAME);
        assertThat(refusalCode(session.acceptAudio(new byte[0]))).isEqualTo(ErrorCode.INVALID_AUDIO_FRAME);
        assertThat(refusalCode(session.acceptAudio(new byte[3202]))).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(session.samplesReceived()).isZero();
    }

    @Test
    void refusesAudioOnceClosing() {
        session.activate();
        session.beginClosing();
        assertThat(refusalCode(session.acceptAudio(new byte[2]))).isEqualTo(ErrorCode.STREAM_CLOSING);
    }

    @Test
    void statesOnlyMoveForward() {
        assertThat(session.state()).isEqualTo(SessionState.STARTING);
        assertThat(session.activate()).isTrue();
        assertThat(session.activate()).isFalse();
        assertThat(session.beginClosing()).isTrue();
        assertThat(session.beginClosing()).isFalse();
        assertThat(session.close()).isTrue();
        assertThat(session.close()).isFalse();
        assertThat(session.activate()).isFalse();
        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void currentGenerationIsAdmittedUntilClosed_H1() {
        assertThat(session.isCurrent(Generation.FIRST)).isTrue();
        assertThat(session.isCurrent(new Generation(2))).isFalse();
        session.close();
        assertThat(session.isCurrent(Generation.FIRST)).isFalse();
    }

    @Test
    void numbersFinalsConsecutively() {
        SampleSpan span = new SampleSpan(0, 10);
        assertThat(session.number(Hypothesis.interim("a", span, List.of())).seq()).isEqualTo(1);
        assertThat(session.number(Hypothesis.finalResult("a", span, List.of())).seq()).isEqualTo(1);
        assertThat(session.number(Hypothesis.finalResult("b", span, List.of())).seq()).isEqualTo(2);
        assertThat(session.number(Hypothesis.interim("c", span, List.of())).seq()).isEqualTo(3);
        assertThat(session.lastFinalSeq()).isEqualTo(2);
    }

    private static ErrorCode refusalCode(FrameVerdict verdict) {
        assertThat(verdict).isInstanceOf(FrameVerdict.Refused.class);
        return ((FrameVerdict.Refused) verdict).error().code();
    }
}
