package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeStateTest {

    private static final StreamTarget TARGET = new StreamTarget(URI.create("ws://127.0.0.1:8080/v1/stream"),
            16_000, 1, false, "en");

    private final ResumeState state = new ResumeState();

    @Test
    void asksForEverything_whenNoFinalWasDelivered() {
        state.attached(new SessionStarted("s-1", "r-1", 1));

        assertThat(state.resumeUri(TARGET))
                .hasToString("ws://127.0.0.1:8080/v1/stream?session_id=s-1&resume_token=r-1&last_seq=0");
    }

    @Test
    void sendsLatestTokenAndLastFinal_afterResume() {
        state.attached(new SessionStarted("s-1", "r-1", 1));
        state.admit(transcript(1, true));
        state.admit(transcript(2, true));
        state.attached(new SessionResumed("s-1", "r-2", 2, 1.5, 24_000));

        assertThat(state.resumeUri(TARGET))
                .hasToString("ws://127.0.0.1:8080/v1/stream?session_id=s-1&resume_token=r-2&last_seq=2");
    }

    @Test
    void escapesToken_whenItHasUrlCharacters() {
        state.attached(new SessionStarted("s 1", "a+b/c=&", 1));

        assertThat(state.resumeUri(TARGET).getRawQuery()).isEqualTo("session_id=s+1&resume_token=a%2Bb%2Fc%3D%26&last_seq=0");
    }

    @Test
    void dropsReplayedFinalsAndStaleInterims_whenSeqIsNotNew() {
        List<Transcript> arriving = List.of(transcript(1, true), transcript(2, false), transcript(2, true),
                transcript(2, true), transcript(1, false), transcript(3, true), transcript(2, true));

        assertThat(arriving.stream().filter(state::admit).toList())
                .containsExactly(transcript(1, true), transcript(2, false), transcript(2, true), transcript(3, true));
        assertThat(state.lastFinalSeq()).isEqualTo(3);
    }

    @Test
    void admitsFirstFinal_evenWithSeqZero() {
        assertThat(state.admit(transcript(0, true))).isTrue();
        assertThat(state.admit(transcript(0, true))).isFalse();
        assertThat(state.lastFinalSeq()).isZero();
    }

    @Test
    void refusesToBuildResumeUri_beforeSessionStarted() {
        assertThat(state.canResume()).isFalse();
        assertThatThrownBy(() -> state.resumeUri(TARGET)).isInstanceOf(IllegalStateException.class);
    }

    private static Transcript transcript(long seq, boolean isFinal) {
        return new Transcript(seq, isFinal, "t" + seq, 0, 1, List.of());
    }
}
